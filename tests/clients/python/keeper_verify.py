"""An independent verifier of Keeper's tamper evidence.

Written from eventstore/FORMAT.md alone: the canonical event encoding and
hash chain, the RFC 9162 Merkle tree and its proofs, and C2SP signed
checkpoints with Ed25519. It uses hashlib and python3-cryptography only,
and shares no code with the server.
"""

import base64
import binascii
import hashlib
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EM_DASH = "\u2014"


class Rejected(Exception):
    """The proof, checkpoint or store does not hold."""


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(event_hash):
    return sha256(b"\x00" + event_hash)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


# --- Events -----------------------------------------------------------------

def _str(value):
    data = value.encode() if isinstance(value, str) else value
    return struct.pack(">I", len(data)) + data


def canonical_encoding(event):
    """The bytes an event's hash covers (FORMAT.md, "The hash chain")."""
    return b"".join([
        event.prev_hash,
        struct.pack(">Q", event.position),
        _str(event.stream_id),
        struct.pack(">Q", event.stream_version),
        _str(event.event_id),
        _str(event.event_type),
        _str(event.payload.type_url),
        _str(event.payload.value),
        struct.pack(">q", event.recorded_time.seconds),
        struct.pack(">I", event.recorded_time.nanos),
        _str(event.actor.subject),
        _str(event.actor.agency),
        _str(event.actor.role),
        _str(event.actor.on_behalf_of),
        _str(event.purpose),
        _str(event.correlation_id),
        _str(event.causation_id),
    ])


def event_hash(event):
    return sha256(canonical_encoding(event))


# --- The tree ---------------------------------------------------------------

def root_of(leaves):
    """MTH over a list of leaf hashes, by the RFC's definition."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(root_of(leaves[:k]), root_of(leaves[k:]))


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        raise Rejected(f"leaf index {index} is not below tree size {size}")
    if any(len(p) != 32 for p in path) or len(root) != 32:
        raise Rejected("a hash is not 32 bytes")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Rejected("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Rejected("the inclusion proof is too short")
    if r != root:
        raise Rejected("the inclusion proof does not lead to the root")


def verify_consistency(first, second, first_root, second_root, path):
    """RFC 9162 §2.1.4.2, with the trivial cases of equal sizes and 0."""
    if first > second:
        raise Rejected("the first size is above the second")
    if any(len(p) != 32 for p in path):
        raise Rejected("a hash is not 32 bytes")
    if first == 0 or first == second:
        if path:
            raise Rejected("this consistency proof must be empty")
        if first == second and first_root != second_root:
            raise Rejected("two trees of one size have different roots")
        return
    if not path:
        raise Rejected("the consistency proof is empty")
    if first & (first - 1) == 0:
        path = [first_root] + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Rejected("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Rejected("the consistency proof is too short")
    if fr != first_root or sr != second_root:
        raise Rejected("the consistency proof does not lead to the roots")


# --- Checkpoints ------------------------------------------------------------

def key_id(name, public_key):
    return sha256(name.encode() + b"\n\x01" + public_key)[:4]


def parse_verifier_key(text):
    """<name>+<hex key id>+<base64(0x01 ‖ public key)> -> (name, key)."""
    name, hex_id, encoded = text.strip().split("+", 2)
    typed = base64.b64decode(encoded, validate=True)
    if len(typed) != 33 or typed[0] != 1:
        raise Rejected("not an Ed25519 verifier key")
    public_key = typed[1:]
    if binascii.hexlify(key_id(name, public_key)).decode() != hex_id:
        raise Rejected("the verifier key's id does not match")
    return name, public_key


def open_checkpoint(note, verifier_key):
    """Checks the note's signature; returns (origin, size, root)."""
    name, public_key = parse_verifier_key(verifier_key)
    if not note.endswith("\n") or "\n\n" not in note:
        raise Rejected("not a signed note")
    split = note.rindex("\n\n")
    text, signatures = note[:split + 1], note[split + 2:]
    verified = False
    for line in signatures.rstrip("\n").split("\n"):
        if not line.startswith(EM_DASH + " "):
            raise Rejected("a signature line must start with an em dash")
        signer, _, encoded = line[2:].rpartition(" ")
        if signer != name:
            continue
        blob = base64.b64decode(encoded, validate=True)
        if blob[:4] != key_id(name, public_key):
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(
                blob[4:], text.encode())
        except InvalidSignature:
            raise Rejected("the checkpoint's signature does not verify")
        verified = True
    if not verified:
        raise Rejected(f"the checkpoint carries no signature by {name}")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or lines[0] != name:
        raise Rejected("the checkpoint is not this log's")
    size = int(lines[1])
    if str(size) != lines[1]:
        raise Rejected("the tree size is not canonical decimal")
    root = base64.b64decode(lines[2], validate=True)
    if len(root) != 32:
        raise Rejected("the root hash is not 32 bytes")
    return lines[0], size, root


# --- Proof bundles (keeper.v1.ProofBundle) ----------------------------------

def _roots(notes, verifier_key):
    roots = {0: sha256(b"")}
    for note in notes:
        if not note:
            continue
        _, size, root = open_checkpoint(note, verifier_key)
        if roots.setdefault(size, root) != root:
            raise Rejected(f"two signed checkpoints of size {size} differ")
    return roots


def _root_at(roots, size):
    if size not in roots:
        raise Rejected(f"no signed checkpoint of tree size {size}")
    return roots[size]


def check_bundle(bundle, saved_notes, verifier_key):
    """Raises Rejected unless the ProofBundle holds; returns what it proves."""
    kind = bundle.WhichOneof("proof")
    if kind == "inclusion" or kind == "verified_event":
        proof = (bundle.inclusion if kind == "inclusion"
                 else bundle.verified_event.proof)
        if kind == "verified_event":
            event = bundle.verified_event.event
            if event_hash(event) != event.hash:
                raise Rejected("the event does not hash to its hash")
            if (event.hash != proof.event_hash
                    or event.position != proof.position):
                raise Rejected("the proof is for another event")
        roots = _roots(list(saved_notes) + [proof.checkpoint.note],
                       verifier_key)
        if proof.position == 0:
            raise Rejected("the proof names no position")
        verify_inclusion(leaf_hash(proof.event_hash), proof.position - 1,
                         proof.tree_size, list(proof.path),
                         _root_at(roots, proof.tree_size))
        return f"position {proof.position} is in the log of size " \
               f"{proof.tree_size}"
    if kind == "consistency":
        proof = bundle.consistency
        roots = _roots(list(saved_notes) + [proof.first_checkpoint.note,
                                            proof.second_checkpoint.note],
                       verifier_key)
        verify_consistency(proof.first_size, proof.second_size,
                           _root_at(roots, proof.first_size),
                           _root_at(roots, proof.second_size),
                           list(proof.path))
        return f"size {proof.first_size} is a prefix of {proof.second_size}"
    raise Rejected("no proof")


def verify_events(events, checkpoint_note, verifier_key):
    """Checks a whole log (EventEnvelopes in position order) against a saved
    checkpoint: the chain, then the root of its first `size` events."""
    _, size, root = open_checkpoint(checkpoint_note, verifier_key)
    previous = bytes(32)
    leaves = []
    for expected, event in enumerate(events, start=1):
        if event.position != expected:
            raise Rejected(f"position {expected} is missing")
        if event.prev_hash != previous or event_hash(event) != event.hash:
            raise Rejected(f"the chain breaks at position {expected}")
        previous = event.hash
        leaves.append(leaf_hash(event.hash))
    if len(leaves) < size:
        raise Rejected(f"the log has {len(leaves)} events; the checkpoint "
                       f"covers {size}")
    if root_of(leaves[:size]) != root:
        raise Rejected("the history differs from the checkpoint's")
    return size
