"""Translation providers: request formats and error paths, answered by httpx.MockTransport."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from config.settings import from_env
from sync.bulk.providers import (
    BadCredentials,
    DeepLProvider,
    LibreTranslateProvider,
    PseudoProvider,
    QuotaExceeded,
    TranslationError,
    deepl_lang,
    make_provider,
    provider_settings,
)

Handler = Any


def recorder(*answers: httpx.Response) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return seen, httpx.MockTransport(handle)


def deepl_ok(texts: list[str]) -> httpx.Response:
    body = {"translations": [{"detected_source_language": "EN", "text": f"es:{t}"} for t in texts]}
    return httpx.Response(200, json=body)


def test_deepl_request_format_free_endpoint() -> None:
    seen, transport = recorder(deepl_ok(["Hello", "Shirt"]))
    provider = DeepLProvider("abc:fx", transport=transport, sleep=lambda s: None)
    assert provider.translate(["Hello", "Shirt"], "en-US", "es-ES") == ["es:Hello", "es:Shirt"]
    request = seen[0]
    assert str(request.url) == "https://api-free.deepl.com/v2/translate"
    assert request.headers["Authorization"] == "DeepL-Auth-Key abc:fx"
    assert json.loads(request.content) == {
        "text": ["Hello", "Shirt"],
        "source_lang": "EN",
        "target_lang": "ES",
    }


def test_deepl_pro_endpoint_and_language_codes() -> None:
    seen, transport = recorder(deepl_ok(["x"]))
    DeepLProvider("pro-key", transport=transport).translate(["x"], "de-DE", "en-GB")
    assert seen[0].url.host == "api.deepl.com"
    assert json.loads(seen[0].content)["target_lang"] == "EN-GB"
    assert deepl_lang("pt-BR", True) == "PT-BR" and deepl_lang("pt-BR", False) == "PT"
    assert deepl_lang("fr-FR", True) == "FR"


def test_deepl_batches_fifty_texts_a_request() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return deepl_ok(json.loads(request.content)["text"])

    provider = DeepLProvider("k:fx", transport=httpx.MockTransport(handle))
    texts = [f"t{n}" for n in range(120)]
    assert provider.translate(texts, "en-US", "es-ES") == [f"es:{t}" for t in texts]
    assert [len(json.loads(r.content)["text"]) for r in seen] == [50, 50, 20]


def test_deepl_429_is_retried_with_retry_after() -> None:
    slept: list[float] = []
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"message": "Too many"})
    seen, transport = recorder(limited, deepl_ok(["a"]))
    provider = DeepLProvider("k:fx", transport=transport, sleep=slept.append)
    assert provider.translate(["a"], "en-US", "es-ES") == ["es:a"]
    assert len(seen) == 2 and slept == [3.0]


def test_deepl_456_quota_is_fatal_and_not_retried() -> None:
    seen, transport = recorder(httpx.Response(456, json={"message": "Quota exceeded"}))
    provider = DeepLProvider("k:fx", transport=transport, sleep=lambda s: None)
    with pytest.raises(QuotaExceeded, match="456: Quota exceeded") as caught:
        provider.translate(["a"], "en-US", "es-ES")
    assert caught.value.fatal and len(seen) == 1


def test_deepl_403_and_persistent_429() -> None:
    _, transport = recorder(httpx.Response(403, json={"message": "Wrong key"}))
    with pytest.raises(BadCredentials):
        DeepLProvider("k", transport=transport).translate(["a"], "en-US", "es-ES")
    seen, transport = recorder(httpx.Response(429, json={"message": "slow"}))
    provider = DeepLProvider("k", transport=transport, sleep=lambda s: None)
    with pytest.raises(TranslationError, match="429") as caught:
        provider.translate(["a"], "en-US", "es-ES")
    assert not caught.value.fatal and len(seen) == 5


def test_libretranslate_request_format() -> None:
    answer = httpx.Response(200, json={"translatedText": ["Hola", "Camisa"]})
    seen, transport = recorder(answer)
    provider = LibreTranslateProvider("http://lt.local/", "secret", transport=transport)
    assert provider.translate(["Hello", "Shirt"], "en-US", "es-ES") == ["Hola", "Camisa"]
    assert str(seen[0].url) == "http://lt.local/translate"
    assert json.loads(seen[0].content) == {
        "q": ["Hello", "Shirt"],
        "source": "en",
        "target": "es",
        "format": "text",
        "api_key": "secret",
    }


def test_libretranslate_errors() -> None:
    slow = httpx.Response(429, json={"error": "Slowdown: 10 per 1 minute"})
    seen, transport = recorder(slow, httpx.Response(200, json={"translatedText": ["Hola"]}))
    provider = LibreTranslateProvider("http://lt", transport=transport, sleep=lambda s: None)
    assert provider.translate(["Hello"], "en-US", "es-ES") == ["Hola"] and len(seen) == 2
    assert "api_key" not in json.loads(seen[0].content)
    _, transport = recorder(httpx.Response(400, json={"error": "es is not supported"}))
    with pytest.raises(TranslationError, match="400: es is not supported"):
        LibreTranslateProvider("http://lt", transport=transport).translate(["a"], "en", "es")
    _, transport = recorder(httpx.Response(403, json={"error": "Invalid API key"}))
    with pytest.raises(BadCredentials):
        LibreTranslateProvider("http://lt", transport=transport).translate(["a"], "en", "es")
    _, transport = recorder(httpx.Response(200, json={"translatedText": ["only one"]}))
    with pytest.raises(TranslationError, match="1 answers for 2 texts"):
        LibreTranslateProvider("http://lt", transport=transport).translate(["a", "b"], "en", "es")


def test_pseudo_and_settings() -> None:
    assert PseudoProvider().translate(["Organic Cotton", ""], "en-US", "es-ES") == [
        "[Ôŕĝàñîç Çôţţôñ]",
        "",
    ]
    settings = provider_settings(
        from_env({"DEEPL_API_KEY": " k:fx ", "TRANSLATE_PROVIDER": "deepl"})
    )
    assert settings.deepl_api_key == "k:fx" and settings.provider == "deepl"
    assert isinstance(make_provider("deepl", settings), DeepLProvider)
    with pytest.raises(TranslationError, match="LIBRETRANSLATE_URL"):
        make_provider("libretranslate", settings)
    with pytest.raises(TranslationError, match="unknown provider"):
        make_provider("babelfish", settings)
