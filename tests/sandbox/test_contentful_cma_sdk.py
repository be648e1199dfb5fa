"""The official contentful_management SDK against the sandbox CMA: a full entry lifecycle."""

from __future__ import annotations

from contentful_management import Client
from contentful_management.errors import VersionMismatchError

from sandbox.server import Sandbox


def _client(box: Sandbox) -> Client:
    host = box.urls["cma"].removeprefix("http://")
    return Client(box.config.management_token, api_url=host, https=False, max_rate_limit_retries=0)


def test_sdk_drives_a_content_type_and_an_entry_through_their_lifecycle(
    empty_sandbox: Sandbox,
) -> None:
    client = _client(empty_sandbox)
    space_id = empty_sandbox.config.space_id
    assert client.spaces().find(space_id).id == space_id
    environment = client.environments(space_id).find("master")
    content_type = environment.content_types().create(
        "book",
        {
            "name": "Book",
            "displayField": "title",
            "fields": [
                {
                    "id": "title",
                    "name": "Title",
                    "type": "Symbol",
                    "localized": True,
                    "required": True,
                },
                {"id": "pages", "name": "Pages", "type": "Integer"},
            ],
        },
    )
    content_type.publish()
    assert content_type.sys["published_version"] == 1 and content_type.sys["version"] == 2

    entry = environment.entries().create(
        "dune", {"content_type_id": "book", "fields": {"title": {"en-US": "Dune"}}}
    )
    assert entry.sys["version"] == 1 and entry.title == "Dune"
    entry.pages = 412
    entry.save()
    assert entry.sys["version"] == 2
    entry.publish()
    assert entry.sys["published_version"] == 2 and entry.is_published
    entry.unpublish()
    assert not entry.is_published and entry.sys["version"] == 4
    entry.archive()
    assert entry.is_archived
    entry.unarchive()
    assert not entry.is_archived and entry.sys["version"] == 6
    reloaded = environment.entries().find("dune")
    assert reloaded.pages == 412 and reloaded.title == "Dune"
    entry.delete()
    assert [e.id for e in environment.entries().all()] == []


def test_sdk_sees_a_version_conflict(empty_sandbox: Sandbox) -> None:
    client = _client(empty_sandbox)
    environment = client.environments(empty_sandbox.config.space_id).find("master")
    ct = environment.content_types().create(
        "note", {"name": "Note", "fields": [{"id": "text", "name": "Text", "type": "Text"}]}
    )
    ct.publish()
    first = environment.entries().create("n1", {"content_type_id": "note", "fields": {}})
    second = environment.entries().find("n1")
    first.text = "one"
    first.save()
    second.text = "two"
    try:
        second.save()
    except VersionMismatchError:
        pass
    else:
        raise AssertionError("a stale save must fail with 409")
    assert environment.entries().find("n1").text == "one"
