"""Address classification of the SSRF guard: a pure function, nothing is contacted."""

from __future__ import annotations

import ipaddress

import pytest

from media_pipeline.activities.netguard import NetGuard, refusal


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.10", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("::ffff:169.254.1.1", "IPv4-mapped link-local"),
        ("2002:0a00:0001::1", "IPv4-mapped private"),  # 6to4 wrapping 10.0.0.1
    ],
)
def test_non_global_addresses_are_refused(address: str, reason: str) -> None:
    assert refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_global_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


async def test_literal_addresses_are_checked_without_dns() -> None:
    guard = NetGuard(frozenset())
    with pytest.raises(Exception, match=r"127\.0\.0\.2 \(loopback\)"):
        await guard.resolve("127.0.0.2", 80)
    with pytest.raises(Exception, match="IPv4-mapped loopback"):
        await guard.resolve("[::ffff:127.0.0.1]", 80)


async def test_allowlist_admits_exactly_the_listed_host() -> None:
    guard = NetGuard(frozenset({"127.0.0.1"}))
    assert (await guard.resolve("127.0.0.1", 80)).address == "127.0.0.1"
    with pytest.raises(Exception, match="not allowed"):
        await guard.resolve("127.0.0.2", 80)
