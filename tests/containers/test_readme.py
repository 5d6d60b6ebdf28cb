"""The README's container section and configuration table match the files they describe."""

from __future__ import annotations

import re
from typing import Any

from dockerfiles import REPO

README = (REPO / "README.md").read_text()


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def test_every_compose_service_is_described(services: dict[str, Any]) -> None:
    text = section("Containers")
    for name in services:
        assert f"`{name}`" in text, f"README's Containers section does not mention service {name}"


def test_every_worker_variable_is_in_the_configuration_table(services: dict[str, Any]) -> None:
    table = section("Configuration")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    for worker in ("python-worker", "go-worker", "ts-worker"):
        for name in services[worker]["environment"]:
            assert name in documented, (
                f"{worker} sets {name}, README's configuration table lacks it"
            )


def test_compose_images_in_the_readme_are_the_ones_used(services: dict[str, Any]) -> None:
    text = section("Containers")
    for name, service in services.items():
        if "image" in service and "build" not in service:
            assert f"`{service['image']}`" in text, f"README shows another image for {name}"
