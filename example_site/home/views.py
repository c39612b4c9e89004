from django.contrib.auth.views import LogoutView
from django.template.response import TemplateResponse


class ResidentLogoutView(LogoutView):
    """Django logs out on POST only; a GET (a typed or bookmarked address) asks to confirm."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, "registration/logout_confirm.html")
