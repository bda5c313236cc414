import pytest

pytestmark = pytest.mark.slow


def test_usages_site_builds_with_an_svg(usages_site):
    assert usages_site.build() == 0
    figure = usages_site.page("essai.html").select_one("figure.datachart")
    assert figure is not None
    assert figure.select_one("svg.datachart-svg") is not None
