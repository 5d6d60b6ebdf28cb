"""SSRF guard: which addresses a download may connect to.

Only global unicast addresses are allowed, unless the host is explicitly allowlisted. The
classification is a pure function so it can be tested without connecting anywhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
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


class NetGuard:
    def __init__(self, allow_hosts: frozenset[str]) -> None:
        self.allow_hosts = allow_hosts

    async def resolve(self, host: str, port: int) -> Target:
        """Resolve `host` and return an address that is safe to connect to."""
        host = host.lower().strip("[]")
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            except socket.gaierror as err:
                raise failure(
                    ErrorType.SOURCE_UNAVAILABLE, f"cannot resolve {host}: {err}"
                ) from err
            addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
        if not addresses:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{host} has no address")
        allowed = host in self.allow_hosts or any(str(a) in self.allow_hosts for a in addresses)
        if not allowed:
            # Every address must pass: one bad A record is enough for DNS rebinding.
            for address in addresses:
                reason = refusal(address)
                if reason:
                    raise failure(
                        ErrorType.DOWNLOAD_REJECTED,
                        f"{host} resolves to {address} ({reason}), which is not allowed",
                    )
        return Target(host=host, address=str(addresses[0]))
