"""The SSRF guard: address classification (a pure function) and which resolved address a
download connects to (with an injected resolver). Nothing is contacted."""

from __future__ import annotations

import ipaddress

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.activities.netguard import IPAddress, NetGuard, refusal


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


def resolving(table: dict[str, list[str]]) -> NetGuard:
    """A guard allowlisting 127.0.0.1 and localhost, whose DNS answers from `table`."""

    async def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address(a) for a in table[host]]

    return NetGuard(frozenset({"127.0.0.1", "localhost"}), resolver)


GUARD = resolving(
    {
        "mixed.test": ["::1", "127.0.0.1"],
        "rebind.test": ["10.0.0.1", "93.184.216.34"],
        "private.test": ["10.0.0.1", "169.254.169.254"],
        "localhost": ["::1", "127.0.0.1"],
        "mapped.test": ["::ffff:127.0.0.1"],
        "public.test": ["2606:4700:4700::1111", "1.1.1.1"],
    }
)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        # One allowlisted address no longer lets its siblings through: ::1 is skipped.
        ("mixed.test", "127.0.0.1"),
        # A non-global address is skipped, never contacted; the global one is used.
        ("rebind.test", "93.184.216.34"),
        # The name itself is allowlisted: all its addresses are, and the first is used.
        ("localhost", "::1"),
        ("public.test", "2606:4700:4700::1111"),
    ],
)
async def test_the_connection_goes_to_the_first_permitted_address(host: str, address: str) -> None:
    assert (await GUARD.resolve(host, 80)).address == address


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("private.test", r"private\.test resolves to 10\.0\.0\.1 \(private\).*1 more refused"),
        # An allowlisted IPv4 address does not permit its IPv4-mapped IPv6 spelling.
        ("mapped.test", r"::ffff:(127\.0\.0\.1|7f00:1) \(IPv4-mapped loopback\)"),
        ("[::1]", r"::1 \(loopback\), which is not allowed"),
    ],
)
async def test_no_permitted_address_is_refused_naming_the_first(host: str, message: str) -> None:
    with pytest.raises(ApplicationError, match=message) as err:
        await GUARD.resolve(host, 80)
    assert err.value.type == "DownloadRejected" and err.value.non_retryable


async def test_allowlisted_literals_are_compared_as_addresses() -> None:
    guard = NetGuard(frozenset({"[0:0::1]"}))
    assert (await guard.resolve("[::1]", 80)).address == "::1"


async def test_a_name_that_does_not_resolve_is_unavailable() -> None:
    with pytest.raises(ApplicationError) as err:
        await resolving({"empty.test": []}).resolve("empty.test", 80)
    assert err.value.type == "SourceUnavailable"
