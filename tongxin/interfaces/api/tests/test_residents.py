from __future__ import annotations

import pytest

from conftest import ID_LISI, ID_ZHANGSAN, PHONE_ZHANGSAN
from tongxin.platform.web.testing import assert_error, names

URL = "/api/v1/residents"


@pytest.fixture
def api(as_user, grid_worker):
    return as_user(grid_worker)


def test_grid_worker_sees_own_grid_only(api):
    assert names(api.get(URL)) == ["张三"]


def test_grid_worker_gets_404_for_neighbour_resident(api, world):
    assert api.get(f"{URL}/{world.zhangsan.pk}").json()["name"] == "张三"
    assert_error(api.get(f"{URL}/{world.lisi.pk}"), 404)
    # A guessed id that does not exist answers exactly like one out of scope.
    assert api.get(f"{URL}/{world.lisi.pk}").json() == api.get(f"{URL}/987654").json()


def test_detail_has_the_list_shape(api, world):
    item = api.get(URL).json()["items"][0]
    assert api.get(f"{URL}/{world.zhangsan.pk}").json() == item
    assert item == {
        "id": world.zhangsan.pk,
        "name": "张三",
        "household": world.household1.pk,
        "grid": world.grid1.pk,
        "gender": "",
        "birth_date": None,
        "relation": "head",
        "id_number": "110***********0037",
        "phone": "138****5678",
        "care_categories": ["low_income", "empty_nest"],
    }


@pytest.mark.parametrize("term", ["zs", "ZS", "zhangsan", "zhang", "张", "张三", ID_ZHANGSAN, PHONE_ZHANGSAN])
def test_search_finds_zhangsan(api, term):
    assert names(api.get(URL, search=term)) == ["张三"]


def test_search_id_number_ignores_case_and_spaces(as_user, secretary):
    api = as_user(secretary)
    assert names(api.get(URL, search=f" {ID_ZHANGSAN} ")) == ["张三"]
    assert names(api.get(URL, search=ID_LISI)) == ["李四"]


@pytest.mark.parametrize(
    "term", [ID_ZHANGSAN[:6], ID_ZHANGSAN[:14], ID_ZHANGSAN[-4:], "0037", PHONE_ZHANGSAN[:7], "5678", "110***"]
)
def test_partial_numbers_do_not_match(as_user, secretary, term):
    assert names(as_user(secretary).get(URL, search=term)) == []


def test_exact_number_out_of_scope_finds_nothing(api):
    assert names(api.get(URL, search=ID_LISI)) == []
    assert names(api.get(URL, search="13900001111")) == []


def test_category_filter(as_user, secretary):
    api = as_user(secretary)
    assert names(api.get(URL, category="empty_nest")) == ["张三"]
    assert names(api.get(URL, category="disabled")) == ["李四"]
    assert names(api.get(URL, category="no-such-category")) == []


def test_node_filter(as_user, secretary, world):
    api = as_user(secretary)
    assert names(api.get(URL, node=world.grid2.pk)) == ["李四"]
    assert names(api.get(URL, node=world.community.pk)) == ["张三", "李四"]


def test_node_out_of_scope_is_404_not_an_empty_list(api, world):
    assert_error(api.get(URL, node=world.grid2.pk), 404)
    assert_error(api.get(URL, node=world.community.pk), 404)
    assert_error(api.get(URL, node=987654), 404)


@pytest.mark.parametrize("node", ["abc", "1.5", "", "-1", "0", "1e3", "99999999999999999999999999"])
def test_node_not_a_valid_id_is_422(api, node):
    message = assert_error(api.get(URL, node=node), 422)
    assert "node" in message


def test_masked_numbers_only(as_user, admin_user):
    body = as_user(admin_user).get(URL).content.decode()
    for plain in (ID_ZHANGSAN, ID_LISI, PHONE_ZHANGSAN, "13900001111", "13700002222"):
        assert plain not in body
    assert "110***********0058" in body
