"""A Python client for keeperd, over mutual TLS.

The build generates the keeper.v1 and google.rpc stubs (protoc and
grpc_python_plugin) into <build>/python and copies this package beside
them; put that directory on PYTHONPATH and `import keeper_client`.
"""

import uuid

import grpc

from google.protobuf import symbol_database
from google.rpc import error_details_pb2, status_pb2
from keeper.v1 import (audit_service_pb2, audit_service_pb2_grpc,
                       case_service_pb2, case_service_pb2_grpc, events_service_pb2,
                       events_service_pb2_grpc, register_service_pb2,
                       register_service_pb2_grpc, review_service_pb2,
                       review_service_pb2_grpc)

PURPOSE_HEADER = "x-keeper-purpose"
ON_BEHALF_OF_HEADER = "x-keeper-on-behalf-of"


class KeeperClient:
    """One identity talking to one keeperd.

    `cert_dir` holds ca.pem and <role>.pem/.key (as tools/dev_certs.sh makes
    them); `role` names the client certificate to present, or None for none.
    """

    def __init__(self, address, cert_dir, role, purpose="", on_behalf_of=""):
        with open(f"{cert_dir}/ca.pem", "rb") as f:
            ca = f.read()
        key = chain = None
        if role:
            with open(f"{cert_dir}/{role}.key", "rb") as f:
                key = f.read()
            with open(f"{cert_dir}/{role}.pem", "rb") as f:
                chain = f.read()
        credentials = grpc.ssl_channel_credentials(ca, key, chain)
        self.channel = grpc.secure_channel(address, credentials)
        self.purpose = purpose
        self.on_behalf_of = on_behalf_of
        self.events = events_service_pb2_grpc.EventsServiceStub(self.channel)
        self.audit = audit_service_pb2_grpc.AuditServiceStub(self.channel)
        self.cases = case_service_pb2_grpc.CaseServiceStub(self.channel)
        self.register = register_service_pb2_grpc.RegisterServiceStub(
            self.channel)
        self.review = review_service_pb2_grpc.ReviewServiceStub(self.channel)

    def close(self):
        self.channel.close()

    def metadata(self):
        pairs = []
        if self.purpose:
            pairs.append((PURPOSE_HEADER, self.purpose))
        if self.on_behalf_of:
            pairs.append((ON_BEHALF_OF_HEADER, self.on_behalf_of))
        return pairs

    def health(self, timeout=5):
        """The server's overall health status, e.g. 1 for SERVING."""
        check = self.channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=lambda _: b"",
            response_deserializer=lambda data: data,
        )
        response = check(None, timeout=timeout)
        # HealthCheckResponse { ServingStatus status = 1; } as a varint.
        return response[1] if len(response) >= 2 else 0

    def subscribe(self, from_position=1, event_types=(), stream_prefixes=(),
                  timeout=None):
        """Yields EventEnvelopes; cancel by closing the generator."""
        request = events_service_pb2.SubscribeRequest(
            from_position=from_position,
            event_types=list(event_types),
            stream_prefixes=list(stream_prefixes),
        )
        return self.events.Subscribe(request, metadata=self.metadata(),
                                     timeout=timeout)


    def command(self, name, **fields):
        """Runs the domain command `name` (e.g. "OpenCase") with `fields`;
        a fresh idempotency key is used unless one is given. Returns the
        CommandResult."""
        request_type = symbol_database.Default().GetSymbol(f"keeper.v1.{name}")
        fields.setdefault("idempotency_key", str(uuid.uuid4()))
        request = request_type(**fields)
        return getattr(self.cases, name)(request, metadata=self.metadata(),
                                         timeout=10)

    def check_register(self, case_id=None, given_name="", family_name="",
                       date_of_birth=None):
        if case_id is not None:
            request = register_service_pb2.RegisterCheckRequest(
                case_id=case_id)
        else:
            request = register_service_pb2.RegisterCheckRequest(
                name_and_birth=register_service_pb2.NameAndBirth(
                    given_name=given_name, family_name=family_name,
                    date_of_birth=date_of_birth))
        return self.register.CheckRegister(request, metadata=self.metadata(),
                                           timeout=10)

    def list_register(self, authority, as_of_position=0, as_of_time=None):
        request = register_service_pb2.ListRegisterRequest(
            local_authority=authority, as_of_position=as_of_position)
        if as_of_time is not None:
            request.as_of_time.CopyFrom(as_of_time)
        return self.register.ListRegister(request, metadata=self.metadata(),
                                          timeout=10)

    def get_case(self, case_id):
        """The case's current state and history (a CaseView)."""
        request = case_service_pb2.GetCaseRequest(case_id=case_id)
        return self.cases.GetCase(request, metadata=self.metadata(),
                                  timeout=10)

    def decision_record(self, case_id, conference_id):
        request = review_service_pb2.GetDecisionRecordRequest(
            case_id=case_id, conference_id=conference_id)
        return self.review.GetDecisionRecord(request,
                                             metadata=self.metadata(),
                                             timeout=10)

    def query_access_trail(self, **query):
        """One page of the access trail; `query` holds AccessTrailQuery
        fields (case_id, actor_subject, agency, page_size, page_token)."""
        request = audit_service_pb2.AccessTrailQuery(**query)
        return self.audit.QueryAccessTrail(request, metadata=self.metadata(),
                                           timeout=10)


def rich_status(error):
    """The google.rpc.Status an RpcError carries, or None."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


def violations(error):
    """(field, description) pairs from a BadRequest detail, and
    (subject, description) pairs from a PreconditionFailure detail."""
    status = rich_status(error)
    found = []
    if status is None:
        return found
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
        elif detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            detail.Unpack(failure)
            found += [(v.subject, v.description) for v in failure.violations]
    return found


def detail(error, message_type):
    """The first detail of `message_type` (e.g. error_details_pb2.ErrorInfo)
    an RpcError carries, or None."""
    status = rich_status(error)
    for any_detail in status.details if status is not None else ():
        if any_detail.Is(message_type.DESCRIPTOR):
            found = message_type()
            any_detail.Unpack(found)
            return found
    return None


def error_info(error):
    """The google.rpc.ErrorInfo an RpcError carries, or None."""
    return detail(error, error_details_pb2.ErrorInfo)


def retry_info(error):
    """The google.rpc.RetryInfo an RpcError carries, or None."""
    return detail(error, error_details_pb2.RetryInfo)
