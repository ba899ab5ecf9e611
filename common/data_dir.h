// The layout of a Keeper data directory, shared by keeperd and keeper.
#ifndef KEEPER_COMMON_DATA_DIR_H_
#define KEEPER_COMMON_DATA_DIR_H_

#include <string>

namespace keeper {

// <data_dir>/events       the event store (RocksDB)
// <data_dir>/projections  the read models (RocksDB)
// <data_dir>/tls          CA, server and client certificates
// <data_dir>/keys         the checkpoint signing key
inline std::string EventsDir(const std::string& data_dir) {
  return data_dir + "/events";
}
inline std::string ProjectionsDir(const std::string& data_dir) {
  return data_dir + "/projections";
}
inline std::string KeysDir(const std::string& data_dir) {
  return data_dir + "/keys";
}
inline std::string TlsDir(const std::string& data_dir) {
  return data_dir + "/tls";
}

}  // namespace keeper

#endif  // KEEPER_COMMON_DATA_DIR_H_
