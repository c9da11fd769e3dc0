"""Values every page needs: the role-aware navigation and the CSP nonce."""

from __future__ import annotations

from .extensions import links_for


def navigation_for(user, current_path: str) -> list[dict]:
    """Navigation items from every installed app, filtered by the user's roles."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for href, (label, _url_name, _roles) in links_for(user, "navigation"):
        active = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"text": label, "href": href, "active": active})
    return items


def shell(request) -> dict:
    return {
        "navigation": navigation_for(request.user, request.path),
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
