"""Parsing Medusa event messages into envelopes: junk never raises."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sync.events import EventEnvelope, message_body, open_queue
from sync.queue_sqlite import SqliteQueue

MEDUSA_MESSAGE = {
    "event": "product.updated",
    "id": "prod_01M8E9",
    "data": {"id": "prod_01M8E9"},
    "metadata": {"eventGroupId": "01M8E9", "created_at": "2026-11-27T10:34:48.471Z"},
    "ts": "2026-11-27T10:34:48.481Z",
}


def test_stream_fields_as_bytes_parse_into_an_envelope() -> None:
    fields = {
        b"event": b"product.updated",
        b"id": b"prod_01M8E9",
        b"payload": json.dumps(MEDUSA_MESSAGE).encode(),
    }
    envelope = EventEnvelope.from_fields(fields, "1-0")
    assert (envelope.event, envelope.id, envelope.message_id) == (
        "product.updated",
        "prod_01M8E9",
        "1-0",
    )
    assert envelope.payload["metadata"]["eventGroupId"] == "01M8E9"
    assert (envelope.attempts, envelope.ok, envelope.problem) == (1, True, None)


def test_attempts_add_prior_deliveries_to_this_one() -> None:
    fields = {"event": "product.created", "id": "prod_1", "attempts": "3"}
    assert EventEnvelope.from_fields(fields, "9", deliveries=2).attempts == 5
    assert EventEnvelope.from_fields({**fields, "attempts": "junk"}, "9").attempts == 1


def test_missing_or_unparseable_payload_still_gives_a_usable_envelope() -> None:
    for payload in (None, "", "not json", "[1]", '"text"', "{"):
        fields = {"event": "inventory-level.updated", "id": "ilev_1"}
        if payload is not None:
            fields["payload"] = payload
        envelope = EventEnvelope.from_fields(fields, "1")
        assert envelope.ok and envelope.payload == {} and envelope.id == "ilev_1"


def test_event_and_id_fall_back_to_the_message_body() -> None:
    envelope = EventEnvelope.from_message(json.dumps(MEDUSA_MESSAGE), "pubsub-1")
    assert (envelope.event, envelope.id) == ("product.updated", "prod_01M8E9")
    only_data = {"event": "product.deleted", "data": {"id": "prod_2"}}
    assert EventEnvelope.from_message(json.dumps(only_data), "x").id == "prod_2"


def test_junk_becomes_an_envelope_with_a_reason() -> None:
    empty = EventEnvelope.from_fields({}, "5-0")
    assert not empty.ok and empty.problem == "malformed message: no event and no id"
    no_id = EventEnvelope.from_fields({"event": "product.updated", "payload": "{}"}, "6-0")
    assert no_id.problem == "malformed message: no id"
    binary = EventEnvelope.from_fields({b"event": b"\xff\xfe", b"id": b"prod_\xc3"}, "7-0")
    assert binary.ok and binary.event == "\ufffd\ufffd"
    nested = EventEnvelope.from_message("[" * 100_000 + "]" * 100_000, "8")
    assert not nested.ok and nested.payload == {}


@given(st.dictionaries(st.binary(max_size=12), st.binary(max_size=40), max_size=6))
def test_from_fields_never_raises(fields: dict[bytes, bytes]) -> None:
    envelope = EventEnvelope.from_fields(fields, "1-0")
    assert envelope.ok == bool(envelope.event and envelope.id)


def test_to_fields_round_trips_with_prior_attempts() -> None:
    envelope = EventEnvelope.from_fields(
        {"event": "product.updated", "id": "prod_1", "payload": json.dumps(MEDUSA_MESSAGE)}, "1"
    )
    again = EventEnvelope.from_fields(envelope.to_fields(), "2")
    assert (again.event, again.id, again.payload, again.attempts) == (
        "product.updated",
        "prod_1",
        envelope.payload,
        2,
    )


def test_message_body_is_shaped_like_medusas_forwarded_message() -> None:
    body = json.loads(message_body("product.created", "prod_9", None))
    assert body == {"event": "product.created", "id": "prod_9", "data": {"id": "prod_9"}}
    kept = json.loads(message_body("product.updated", "prod_01M8E9", MEDUSA_MESSAGE))
    assert kept == MEDUSA_MESSAGE


def test_open_queue_without_redis_is_the_sqlite_file(tmp_path: Path) -> None:
    queue = open_queue("", tmp_path / "q" / "events.sqlite")
    try:
        assert isinstance(queue, SqliteQueue)
        assert (tmp_path / "q" / "events.sqlite").exists()
    finally:
        queue.close()
