"""Every RPC keeperd serves, from the generated descriptors, and a way to
call any of them by name through one client's channel."""

import subprocess

from google.protobuf import symbol_database
from keeper.v1 import (audit_service_pb2, case_service_pb2,
                       events_service_pb2, notification_service_pb2,
                       privacy_service_pb2, proof_service_pb2,
                       rectification_service_pb2,
                       register_service_pb2, report_service_pb2,
                       retention_service_pb2,
                       returns_service_pb2, review_service_pb2,
                       timescales_service_pb2)

SERVICES = [
    case_service_pb2.DESCRIPTOR.services_by_name["CaseService"],
    register_service_pb2.DESCRIPTOR.services_by_name["RegisterService"],
    notification_service_pb2.DESCRIPTOR.services_by_name[
        "NotificationService"],
    review_service_pb2.DESCRIPTOR.services_by_name["ReviewService"],
    audit_service_pb2.DESCRIPTOR.services_by_name["AuditService"],
    events_service_pb2.DESCRIPTOR.services_by_name["EventsService"],
    timescales_service_pb2.DESCRIPTOR.services_by_name["TimescalesService"],
    returns_service_pb2.DESCRIPTOR.services_by_name["ReturnsService"],
    privacy_service_pb2.DESCRIPTOR.services_by_name["SubjectAccessService"],
    proof_service_pb2.DESCRIPTOR.services_by_name["ProofService"],
    report_service_pb2.DESCRIPTOR.services_by_name["ReportService"],
    retention_service_pb2.DESCRIPTOR.services_by_name["RetentionService"],
    rectification_service_pb2.DESCRIPTOR.services_by_name[
        "RectificationService"],
]


def all_methods():
    """{"/keeper.v1.Service/Method": MethodDescriptor} for every RPC."""
    return {f"/{s.full_name}/{m.name}": m for s in SERVICES for m in s.methods}


def message_class(descriptor):
    return symbol_database.Default().GetSymbol(descriptor.full_name)


def call(channel, path, request, metadata, timeout=10):
    """Calls `path` with `request`; returns the response, or for a server
    stream the list of messages received before the stream ended."""
    method = all_methods()[path]
    out = message_class(method.output_type)
    kwargs = dict(request_serializer=lambda m: m.SerializeToString(),
                  response_deserializer=out.FromString)
    if method.server_streaming:
        stream = channel.unary_stream(path, **kwargs)(
            request, metadata=metadata, timeout=timeout)
        return list(stream)
    return channel.unary_unary(path, **kwargs)(request, metadata=metadata,
                                              timeout=timeout)


def certificate_subject(pem_path):
    """The CN of a certificate file."""
    out = subprocess.run(
        ["openssl", "x509", "-in", pem_path, "-noout", "-subject", "-nameopt",
         "RFC2253"], capture_output=True, text=True, check=True).stdout
    for part in out.strip().removeprefix("subject=").split(","):
        key, _, value = part.partition("=")
        if key.strip() == "CN":
            return value
    raise ValueError(f"no CN in {pem_path}")
