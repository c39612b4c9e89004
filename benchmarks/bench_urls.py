"""The example site's URLs, with the baselines of ``vote_throughput`` in front of them."""

from django.urls import include, path

from . import bench_views

urlpatterns = [
    path("bench/trivial/", bench_views.trivial, name="bench_trivial"),
    path("bench/insert/", bench_views.minimal_insert, name="bench_insert"),
    path("bench/drain/", bench_views.drain, name="bench_drain"),
    path("", include("example_site.urls")),
]
