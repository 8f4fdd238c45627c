"""SSRF protection for outbound requests: only http(s), only public addresses.

Used for every request and redirect hop of :class:`jobpilot.core.http.HttpClient`, and on its
own (:func:`check_url_safe`) by other code that calls URLs users configure (webhooks).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

from jobpilot.core.http_errors import HostResolutionError, UnsafeUrlError
from jobpilot.core.settings import HttpSettings

# Host and port to the IP addresses they resolve to; raises OSError when it cannot resolve.
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def _system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public_address(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast IP (IPv4-mapped IPv6 unwrapped)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def parse_fetchable_url(url: str | httpx.URL) -> httpx.URL:
    """``url`` parsed; :class:`UnsafeUrlError` unless it is http(s) with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise UnsafeUrlError(f"invalid URL: {exc}", url=str(url)) from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UnsafeUrlError("only http and https URLs with a host are fetched", url=str(url))
    return parsed


async def check_url_safe(
    url: str, settings: HttpSettings, *, resolver: Resolver | None = None
) -> None:
    """Refuse (:class:`UnsafeUrlError`) a URL that is not http(s) or whose host resolves to a
    loopback, private, link-local, multicast, reserved or unspecified address — unless
    ``settings.allow_private_networks``. :class:`HostResolutionError` if it does not resolve."""
    parsed = parse_fetchable_url(url)
    if settings.allow_private_networks:
        return
    host = parsed.raw_host.decode("ascii")
    literal = _ip_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = await (resolver or _system_resolve)(host, port)
        except OSError as exc:
            raise HostResolutionError(f"cannot resolve {host}", url=url) from exc
        if not addresses:
            raise HostResolutionError(f"cannot resolve {host}", url=url)
    # Every address must be public: the connection may use any of them.
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeUrlError(f"{host} is a non-public address ({address})", url=url)


def redacted_url(url: str | httpx.URL) -> str:
    """``url`` without credentials, query or fragment, for logs and messages."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "<invalid url>"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"
