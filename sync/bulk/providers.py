"""Machine translation behind one interface: pseudo (offline, the default), DeepL, LibreTranslate.

Wire formats:
- DeepL: ``POST {base}/v2/translate`` with ``Authorization: DeepL-Auth-Key <key>`` and JSON
  ``{"text": [...], "source_lang": "EN", "target_lang": "ES"}`` (at most 50 texts a request) ->
  ``{"translations": [{"detected_source_language", "text"}]}``. Keys ending in ``:fx`` belong to
  the free API (``api-free.deepl.com``), others to Pro (``api.deepl.com``). 429 means slow down
  (retried with backoff), 456 means the character quota is used up (fatal), 403 a bad key.
- LibreTranslate: ``POST {url}/translate`` with JSON ``{"q": [...], "source": "en",
  "target": "es", "format": "text", "api_key": "..."}`` -> ``{"translatedText": [...]}``;
  errors are ``{"error": "..."}`` (400 bad request, 403 bad key, 429 slow down, 500).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from config.settings import Settings
from storefront.clients.base import PooledClient

BATCH = 50  # DeepL's limit of texts per request; LibreTranslate gets the same batches
RETRIES = 4
_PSEUDO = str.maketrans(
    "aAcCeEgGhHiIjJkKlLnNoOrRsStTuUwWyYzZ", "àÀçÇéÉĝĜĥĤîÎĵĴķĶļĻñÑôÔŕŔšŠţŢûÛŵŴýÝžŽ"
)


class TranslationError(Exception):
    """A provider could not translate; `fatal` stops the whole run (quota, credentials)."""

    fatal = False


class QuotaExceeded(TranslationError):
    """The provider's quota is used up (DeepL 456): every later call would fail too."""

    fatal = True


class BadCredentials(TranslationError):
    """The key was refused (403)."""

    fatal = True


class Provider(Protocol):
    """Translates plain-text strings between two Contentful locale codes."""

    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """One translation per text, in order."""
        ...


class PseudoProvider:
    """Offline pseudo-localization: accented letters in brackets, readable and clearly marked."""

    name = "pseudo"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """``Cotton`` -> ``[Çôţţôñ]``; empty strings stay empty."""
        return [f"[{text.translate(_PSEUDO)}]" if text else text for text in texts]


@dataclass(frozen=True)
class ProviderSettings:
    """Provider keys and URLs (from Settings: TRANSLATE_PROVIDER, DEEPL_*, LIBRETRANSLATE_*)."""

    provider: str = "pseudo"
    deepl_api_key: str = ""
    deepl_api_url: str = ""  # empty: chosen from the key (free or pro)
    libretranslate_url: str = ""
    libretranslate_api_key: str = ""


def provider_settings(settings: Settings) -> ProviderSettings:
    """The translation provider part of the project's settings."""
    return ProviderSettings(
        provider=settings.translate_provider,
        deepl_api_key=settings.deepl_api_key,
        deepl_api_url=settings.deepl_api_url,
        libretranslate_url=settings.libretranslate_url,
        libretranslate_api_key=settings.libretranslate_api_key,
    )


def deepl_url(key: str) -> str:
    """The API base for a key: free keys end in ``:fx``."""
    return "https://api-free.deepl.com" if key.endswith(":fx") else "https://api.deepl.com"


def deepl_lang(code: str, target: bool) -> str:
    """A Contentful locale as DeepL spells it: ``es-ES`` -> ``ES``; targets keep EN-/PT- regions."""
    language, _, region = code.partition("-")
    if target and region and language.lower() in ("en", "pt"):
        return f"{language}-{region}".upper()
    return language.upper()


class HttpProvider(PooledClient):
    """What the HTTP providers share: a client, batching, retries on 429 and 5xx."""

    name = "http"

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        """`transport` lets tests answer with `httpx.MockTransport`."""
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=dict(headers or {}), transport=transport,
            timeout=timeout,
        )  # fmt: skip
        self._sleep = sleep
        self.requests = 0

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate in batches of `BATCH`."""
        out: list[str] = []
        for start in range(0, len(texts), BATCH):
            batch = list(texts[start : start + BATCH])
            result = self._batch(batch, source, target)
            if len(result) != len(batch):
                raise TranslationError(f"{self.name}: {len(result)} answers for {len(batch)} texts")
            out += result
        return out

    def _batch(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST JSON, retrying 429 and 5xx with backoff; the decoded answer."""
        for attempt in range(RETRIES + 1):
            self.requests += 1
            try:
                response = self._http.post(path, json=body)
            except httpx.HTTPError as exc:
                if attempt == RETRIES:
                    raise TranslationError(f"{self.name}: {exc!r}") from exc
                self._sleep(2**attempt)
                continue
            retry = response.status_code == 429 or response.status_code >= 500
            if retry and attempt < RETRIES:
                self._sleep(_retry_after(response) or 2**attempt)
                continue
            self.check(response)
            return response.json()
        raise TranslationError(f"{self.name}: no answer")  # not reached: the loop returns

    def check(self, response: httpx.Response) -> None:
        """Raise the typed error for a failed answer."""
        status = response.status_code
        if status < 400:
            return
        message = f"{self.name} {status}: {_message(response)}"
        if status == 403:
            raise BadCredentials(message)
        raise TranslationError(message)


class DeepLProvider(HttpProvider):
    """DeepL's ``/v2/translate`` (free or pro endpoint by key)."""

    name = "deepl"

    def __init__(self, api_key: str, base_url: str = "", **kwargs: Any) -> None:
        """The key goes in the ``Authorization: DeepL-Auth-Key`` header."""
        headers = {"Authorization": f"DeepL-Auth-Key {api_key}"}
        super().__init__(base_url or deepl_url(api_key), headers=headers, **kwargs)

    def _batch(self, texts: list[str], source: str, target: str) -> list[str]:
        body = {"text": texts, "source_lang": deepl_lang(source, False)}
        body["target_lang"] = deepl_lang(target, True)
        answer = self.post("/v2/translate", body)
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list):
            raise TranslationError("deepl: the answer has no translations")
        return [str(t.get("text", "")) for t in translations if isinstance(t, dict)]

    def check(self, response: httpx.Response) -> None:
        """456 is DeepL's "quota exceeded"."""
        if response.status_code == 456:
            raise QuotaExceeded(f"deepl 456: {_message(response)}")
        super().check(response)


class LibreTranslateProvider(HttpProvider):
    """A LibreTranslate server's ``/translate``."""

    name = "libretranslate"

    def __init__(self, base_url: str, api_key: str = "", **kwargs: Any) -> None:
        """`api_key` goes in the body, as LibreTranslate expects."""
        super().__init__(base_url, **kwargs)
        self.api_key = api_key

    def _batch(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, Any] = {"q": texts, "source": source.split("-")[0].lower()}
        body.update(target=target.split("-")[0].lower(), format="text")
        if self.api_key:
            body["api_key"] = self.api_key
        answer = self.post("/translate", body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            return [translated]
        if not isinstance(translated, list):
            raise TranslationError("libretranslate: the answer has no translatedText")
        return [str(t) for t in translated]


def make_provider(name: str, settings: ProviderSettings, **kwargs: Any) -> Provider:
    """The provider called `name`, configured from `settings` (kwargs go to the HTTP client)."""
    if name == "pseudo":
        return PseudoProvider()
    if name == "deepl":
        if not settings.deepl_api_key:
            raise TranslationError("deepl needs DEEPL_API_KEY")
        return DeepLProvider(settings.deepl_api_key, settings.deepl_api_url, **kwargs)
    if name == "libretranslate":
        if not settings.libretranslate_url:
            raise TranslationError("libretranslate needs LIBRETRANSLATE_URL")
        url, key = settings.libretranslate_url, settings.libretranslate_api_key
        return LibreTranslateProvider(url, key, **kwargs)
    raise TranslationError(f"unknown provider {name!r} (pseudo, deepl, libretranslate)")


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or "error"
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or response.reason_phrase)
    return response.reason_phrase
