from django.urls import include, path

from triangulate.core.views import errors

urlpatterns = [
    path("", include("triangulate.core.urls")),
    path("register/", include("triangulate.register.urls")),
    path("", include("triangulate.frontdoor.urls")),
    path("cases/", include("triangulate.casework.urls")),
    path("partnership/", include("triangulate.partnership.urls")),
    path("public/plans/", include("triangulate.partnership.public_urls")),
    path("risk/", include("triangulate.risk.urls")),
    path("missing/", include("triangulate.missing.urls")),
    path("intelligence/", include("triangulate.intelligence.urls")),
    path("meetings/", include("triangulate.meetings.urls")),
    path("performance/", include("triangulate.performance.urls")),
    path("public/performance/", include("triangulate.performance.public_urls")),
    path("linkage/", include("triangulate.linkage.urls")),
    path("", include("triangulate.support.urls")),
    path("", include("triangulate.governance.urls")),
    path("api/", include("triangulate.api.urls")),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
