"""Tamper evidence end to end: signed checkpoints and proofs from a real
keeperd, checked by the independent Python verifier (keeper_verify.py) and
by `keeper proof verify` / `keeper verify --checkpoint`, which must agree on
every honest and every altered proof."""

import os
import subprocess
import tempfile
import time
import unittest

import importlib
import pkgutil

import grpc
from google.protobuf import json_format

import keeper.v1

from conference_story import StoryTestCase
from keeper.v1 import (eventstore_pb2, proof_service_pb2 as p,
                       proof_service_pb2_grpc)
from keeper_client import KeeperClient
from keeper_verify import (Rejected, check_bundle, open_checkpoint,
                           verify_events)

# Every event payload type, so that exported JSON parses back.
for module in pkgutil.iter_modules(keeper.v1.__path__):
    if module.name.endswith("_pb2"):
        importlib.import_module(f"keeper.v1.{module.name}")

KEEPER = os.path.join(os.path.dirname(os.environ["KEEPERD_BINARY"]), "keeper")


class ProofTest(StoryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vkey_path = os.path.join(cls.server.data_dir, "keys",
                                     "checkpoint.vkey")
        with open(cls.vkey_path) as f:
            cls.vkey = f.read()
        cls.proofs = proof_service_pb2_grpc.ProofServiceStub(
            cls.cast.inspector.channel)
        cls.meta = cls.cast.inspector.metadata()
        cls.scratch = tempfile.mkdtemp(prefix="keeper-proofs-")

    def save(self, name, text):
        path = os.path.join(self.scratch, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def cpp_verify(self, bundle, checkpoints=()):
        """`keeper proof verify`: True if it accepts, False if it rejects."""
        proof = self.save("proof.json", json_format.MessageToJson(bundle))
        args = [KEEPER, f"--data_dir={self.server.data_dir}", "proof",
                "verify", f"--proof={proof}",
                f"--verifier_key={self.vkey_path}"]
        if checkpoints:
            args.append("--checkpoint=" + ",".join(checkpoints))
        run = subprocess.run(args, capture_output=True, text=True)
        self.assertIn(run.returncode, (0, 1), run.stderr)
        return run.returncode == 0

    def py_verify(self, bundle, notes=()):
        try:
            check_bundle(bundle, notes, self.vkey)
            return True
        except (Rejected, ValueError):
            return False

    def assert_both(self, accepted, bundle, notes=(), files=()):
        self.assertEqual(self.py_verify(bundle, notes), accepted)
        self.assertEqual(self.cpp_verify(bundle, files), accepted)

    def latest(self):
        return self.proofs.GetCheckpoint(p.GetCheckpointRequest(),
                                         metadata=self.meta)

    def signed_story(self):
        """The latest checkpoint, once it covers the story's events."""
        deadline = time.time() + 15
        checkpoint = self.latest()
        while checkpoint.tree_size < 10 and time.time() < deadline:
            time.sleep(0.1)
            checkpoint = self.latest()
        self.assertGreaterEqual(checkpoint.tree_size, 10)
        return checkpoint

    def test_checkpoint_is_signed_by_the_logs_key(self):
        checkpoint = self.signed_story()
        origin, size, root = open_checkpoint(checkpoint.note, self.vkey)
        self.assertEqual(origin, "keeper.local/register")
        self.assertEqual(size, checkpoint.tree_size)
        self.assertEqual(len(root), 32)
        forged = checkpoint.note.replace(f"\n{size}\n", f"\n{size + 1}\n")
        with self.assertRaises(Rejected):
            open_checkpoint(forged, self.vkey)

    def test_inclusion_proofs_agree_and_alterations_are_rejected(self):
        head = self.proofs.GetInclusionProof(
            p.GetInclusionProofRequest(position=1), metadata=self.meta)
        size = head.tree_size
        self.assertGreater(size, 10)
        for position in (1, 2, size // 2, size - 1, size):
            proof = self.proofs.GetInclusionProof(
                p.GetInclusionProofRequest(position=position,
                                           tree_size=size),
                metadata=self.meta)
            self.assertTrue(proof.checkpoint.note)
            bundle = p.ProofBundle(inclusion=proof)
            self.assert_both(True, bundle)
            if proof.path:
                altered = p.ProofBundle()
                altered.CopyFrom(bundle)
                first = bytearray(altered.inclusion.path[0])
                first[0] ^= 1
                altered.inclusion.path[0] = bytes(first)
                self.assert_both(False, altered)
            moved = p.ProofBundle()
            moved.CopyFrom(bundle)
            moved.inclusion.position = position % size + 1
            self.assert_both(False, moved)
            no_checkpoint = p.ProofBundle()
            no_checkpoint.CopyFrom(bundle)
            no_checkpoint.inclusion.ClearField("checkpoint")
            self.assert_both(False, no_checkpoint)

    def test_consistency_from_a_saved_checkpoint(self):
        saved = self.signed_story()
        saved_file = self.save("saved.checkpoint", saved.note)
        # The log grows (each register check is recorded) and keeperd signs
        # a newer checkpoint within its interval.
        deadline = time.time() + 15
        newer = saved
        while newer.tree_size <= saved.tree_size and time.time() < deadline:
            self.cast.police.check_register(case_id="no-such-case")
            time.sleep(0.3)
            newer = self.latest()
        self.assertGreater(newer.tree_size, saved.tree_size)
        proof = self.proofs.GetConsistencyProof(
            p.GetConsistencyProofRequest(first_size=saved.tree_size),
            metadata=self.meta)
        self.assertEqual(proof.second_size, newer.tree_size)
        self.assertTrue(proof.path)
        proof.ClearField("first_checkpoint")  # only the saved one counts
        bundle = p.ProofBundle(consistency=proof)
        self.assert_both(True, bundle, [saved.note], [saved_file])
        for index in range(len(proof.path)):
            altered = p.ProofBundle()
            altered.CopyFrom(bundle)
            hash_ = bytearray(altered.consistency.path[index])
            hash_[5] ^= 0x40
            altered.consistency.path[index] = bytes(hash_)
            self.assert_both(False, altered, [saved.note], [saved_file])
        # Without the saved checkpoint there is nothing to check against.
        self.assert_both(False, bundle)

    def test_verified_read_recomputes_the_event(self):
        checkpoint = self.latest()
        read = self.proofs.VerifiedRead(p.VerifiedReadRequest(position=3),
                                        metadata=self.meta)
        self.assertEqual(read.event.position, 3)
        bundle = p.ProofBundle(verified_event=read)
        self.assert_both(True, bundle)
        altered = p.ProofBundle()
        altered.CopyFrom(bundle)
        altered.verified_event.event.purpose = "something else"
        self.assert_both(False, altered)
        by_id = self.proofs.VerifiedRead(
            p.VerifiedReadRequest(event_id=read.event.event_id),
            metadata=self.meta)
        self.assertEqual(by_id.event.hash, read.event.hash)
        self.assertGreaterEqual(by_id.proof.tree_size, checkpoint.tree_size)

    def test_verified_reads_follow_the_access_policy(self):
        for role in ("teacher", "parent-advocate", "social-worker"):
            client = KeeperClient(self.server.address, self.server.cert_dir,
                                  role, purpose="curiosity")
            self.addCleanup(client.close)
            stub = proof_service_pb2_grpc.ProofServiceStub(client.channel)
            with self.assertRaises(grpc.RpcError) as refused:
                stub.VerifiedRead(p.VerifiedReadRequest(position=1),
                                  metadata=client.metadata())
            self.assertEqual(refused.exception.code(),
                             grpc.StatusCode.PERMISSION_DENIED, role)
            # Hashes alone reveal no case data: anyone certified may check.
            stub.GetCheckpoint(p.GetCheckpointRequest(),
                               metadata=client.metadata())

    def test_bad_requests_get_precise_statuses(self):
        cases = [
            (lambda: self.proofs.GetInclusionProof(
                p.GetInclusionProofRequest(position=10**9),
                metadata=self.meta), grpc.StatusCode.OUT_OF_RANGE),
            (lambda: self.proofs.GetInclusionProof(
                p.GetInclusionProofRequest(), metadata=self.meta),
             grpc.StatusCode.INVALID_ARGUMENT),
            (lambda: self.proofs.GetInclusionProof(
                p.GetInclusionProofRequest(event_id="no-such-event"),
                metadata=self.meta), grpc.StatusCode.NOT_FOUND),
            (lambda: self.proofs.GetConsistencyProof(
                p.GetConsistencyProofRequest(first_size=5, second_size=3),
                metadata=self.meta), grpc.StatusCode.INVALID_ARGUMENT),
            (lambda: self.proofs.GetCheckpoint(
                p.GetCheckpointRequest(tree_size=10**9), metadata=self.meta),
             grpc.StatusCode.NOT_FOUND),
        ]
        for call, code in cases:
            with self.assertRaises(grpc.RpcError) as error:
                call()
            self.assertEqual(error.exception.code(), code)

    def test_whole_store_against_a_saved_checkpoint(self):
        saved = self.signed_story()
        saved_file = self.save("store.checkpoint", saved.note)
        exported = subprocess.run(
            [KEEPER, f"--data_dir={self.server.data_dir}", "export"],
            capture_output=True, text=True, check=True).stdout
        events = []
        for line in exported.splitlines():
            event = eventstore_pb2.EventEnvelope()
            json_format.Parse(line, event)
            events.append(event)
        self.assertEqual(verify_events(events, saved.note, self.vkey),
                         saved.tree_size)
        run = subprocess.run(
            [KEEPER, f"--data_dir={self.server.data_dir}", "verify",
             f"--checkpoint={saved_file}",
             f"--verifier_key={self.vkey_path}"],
            capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        # A different history of the same size: both verifiers refuse it.
        forged = list(events)
        forged[1].purpose = "rewritten"
        with self.assertRaises(Rejected):
            verify_events(forged, saved.note, self.vkey)


if __name__ == "__main__":
    unittest.main()
