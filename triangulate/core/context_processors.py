"""Values every page needs: the role-aware navigation and the CSP nonce."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def navigation_for(user, current_path: str) -> list[dict]:
    """Navigation items from every installed app, filtered by the user's roles."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for config in apps.get_app_configs():
        for label, url_name, roles in getattr(config, "navigation", []):
            if roles is not None and not user.has_role(*roles):
                continue
            try:
                href = reverse(url_name)
            except NoReverseMatch:
                continue
            active = current_path == href if href == "/" else current_path.startswith(href)
            items.append({"text": label, "href": href, "active": active})
    return items


def shell(request) -> dict:
    return {
        "navigation": navigation_for(request.user, request.path),
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
