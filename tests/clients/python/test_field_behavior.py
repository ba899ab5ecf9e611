"""The field behaviour comments of the contract (proto/README.md, "Field
behaviour"): read from the FileDescriptorSet the build makes, each RPC's
response fields are all `(output only)`, no request field is, every
command's case_id and idempotency_key are `(required)`; and against a real
keeperd, the field a command refuses to go without is one marked
`(required)`."""

import os
import re
import unittest
import uuid

import grpc
from google.protobuf import descriptor_pb2

from conference_story import CASE, StoryTestCase
from keeper_client import violations
import rpc_catalog

REQUIRED, OUTPUT_ONLY = "(required)", "(output only)"


def load_contract():
    files = descriptor_pb2.FileDescriptorSet()
    with open(os.environ["KEEPER_DESCRIPTOR_SET"], "rb") as f:
        files.ParseFromString(f.read())
    return [f for f in files.file if f.package == "keeper.v1"]


def field_comments(file, path, message, prefix):
    """{"Message.field": comment text} for `message` and those nested in
    it, from the file's source info."""
    comments = {
        tuple(loc.path): loc.leading_comments + loc.trailing_comments
        for loc in file.source_code_info.location}
    out = {}
    for i, field in enumerate(message.field):
        out[f"{prefix}.{field.name}"] = comments.get(path + (2, i), "")
    for i, nested in enumerate(message.nested_type):
        if not nested.options.map_entry:
            out.update(field_comments(file, path + (3, i), nested,
                                      f"{prefix}.{nested.name}"))
    return out


def rpc_messages(contract):
    """(requests, responses): {message name: {"Message.field": comment}}."""
    messages = {}
    for file in contract:
        for i, message in enumerate(file.message_type):
            messages[f".keeper.v1.{message.name}"] = field_comments(
                file, (4, i), message, message.name)
    requests, responses = {}, {}
    for file in contract:
        for service in file.service:
            for method in service.method:
                requests[method.input_type] = messages[method.input_type]
                responses[method.output_type] = messages[method.output_type]
    return requests, responses


class FieldBehaviorCommentsTest(unittest.TestCase):
    def setUp(self):
        self.requests, self.responses = rpc_messages(load_contract())

    def test_every_response_field_is_output_only(self):
        self.assertGreater(len(self.responses), 10)
        for fields in self.responses.values():
            for name, comment in fields.items():
                self.assertIn(OUTPUT_ONLY, comment, name)
                self.assertNotIn(REQUIRED, comment, name)

    def test_no_request_field_is_output_only(self):
        for fields in self.requests.values():
            for name, comment in fields.items():
                self.assertNotIn(OUTPUT_ONLY, comment, name)

    def test_every_command_names_its_case_and_key_as_required(self):
        commands = [f for f in self.requests.values()
                    if any(n.endswith(".idempotency_key") for n in f)]
        self.assertGreater(len(commands), 30)
        for fields in commands:
            for name, comment in fields.items():
                if name.split(".")[-1] in ("case_id", "idempotency_key"):
                    self.assertIn(REQUIRED, comment, name)


class RequiredFieldsTest(StoryTestCase):
    def test_a_command_refuses_only_for_fields_marked_required(self):
        requests, _ = rpc_messages(load_contract())
        tm = self.client("team-manager")
        checked = []
        for path, method in sorted(rpc_catalog.all_methods().items()):
            if not path.startswith("/keeper.v1.CaseService/"):
                continue
            fields = requests["." + method.input_type.full_name]
            name = method.input_type.name
            if f"{name}.idempotency_key" not in fields:
                continue
            case_id = f"fife-2026-{uuid.uuid4().hex[:8]}" \
                if name == "OpenCase" else CASE
            request = rpc_catalog.message_class(method.input_type)(
                case_id=case_id, idempotency_key=str(uuid.uuid4()))
            try:
                rpc_catalog.call(tm.channel, path, request, tm.metadata())
                self.fail(f"{name} with only its case and key was accepted")
            except grpc.RpcError as error:
                named = [f for f, _ in violations(error)]
                if error.code() not in (grpc.StatusCode.INVALID_ARGUMENT,
                                        grpc.StatusCode.NOT_FOUND):
                    continue  # a rule of the case's state came first
                self.assertTrue(named, f"{name}: {error.details()}")
                top = re.split(r"[.\[]", named[0])[0]
                self.assertIn(REQUIRED, fields.get(f"{name}.{top}", ""),
                              f"{name} refused for {named[0]}: "
                              f"{error.details()}")
                checked.append(name)
        # Most commands check their input before the case's state.
        self.assertGreater(len(checked), 25, checked)


if __name__ == "__main__":
    unittest.main()
