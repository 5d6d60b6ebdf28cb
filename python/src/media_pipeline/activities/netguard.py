"""SSRF guard: which addresses a download may connect to.

An address is permitted when it is global unicast, or allowlisted in DOWNLOAD_ALLOW_HOSTS:
either literally (`127.0.0.1` permits exactly that address, not `::1` nor `::ffff:127.0.0.1`),
or because the host NAME is listed (`localhost` permits every address it resolves to: the
operator named the host, and cannot know which addresses the resolver returns for it).
The download connects to the first permitted address, so a refused one is never contacted;
when none is permitted it is refused, naming the first refused address and why.
The classification is a pure function and the resolver is injectable, so both are tested
without connecting anywhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ..errors import ErrorType, failure

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def refusal(ip: IPAddress) -> str | None:
    """Why `ip` must not be contacted, or None when it is a global unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            inner = refusal(embedded)
            return f"IPv4-mapped {inner}" if inner else None
    for label, hit in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("carrier-grade NAT", isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not global", not ip.is_global),
    ):
        if hit:
            return label
    return None


@dataclass(frozen=True)
class Target:
    host: str
    address: str  # the checked address the connection must go to


Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise failure(ErrorType.SOURCE_UNAVAILABLE, f"cannot resolve {host}: {err}") from err
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def _literal(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


class NetGuard:
    def __init__(self, allow_hosts: frozenset[str], resolver: Resolver = system_resolver) -> None:
        entries = {h.lower().strip("[]") for h in allow_hosts}
        self.allow_addresses = {ip for ip in map(_literal, entries) if ip is not None}
        self.allow_names = {h for h in entries if _literal(h) is None}
        self.resolver = resolver

    async def resolve(self, host: str, port: int) -> Target:
        """Resolve `host` and return the first address that is permitted to connect to."""
        host = host.lower().strip("[]")
        literal = _literal(host)
        addresses = [literal] if literal is not None else await self.resolver(host, port)
        if not addresses:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{host} has no address")
        refused: list[tuple[IPAddress, str]] = []
        for address in addresses:
            reason = self.refusal(host, address)
            if reason is None:
                return Target(host=host, address=str(address))
            refused.append((address, reason))
        address, reason = refused[0]
        others = f" (and {len(refused) - 1} more refused)" if len(refused) > 1 else ""
        raise failure(
            ErrorType.DOWNLOAD_REJECTED,
            f"{host} resolves to {address} ({reason}), which is not allowed: not global and "
            f"not in DOWNLOAD_ALLOW_HOSTS{others}",
        )

    def refusal(self, host: str, address: IPAddress) -> str | None:
        """Why `address` of `host` must not be contacted, or None when it is permitted."""
        if host in self.allow_names or address in self.allow_addresses:
            return None
        return refusal(address)
