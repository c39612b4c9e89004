"""Posting Wagtail's page editor as an editor's browser does, StreamField included."""

from django.urls import reverse
from wagtail import blocks
from wagtail.test.utils.form_data import querydict_from_html

from wagtail_participation.surveys.blocks import SurveyBodyBlock


def _block_data(data, prefix, block, value):
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        for name, child in block.child_blocks.items():
            _block_data(data, f"{prefix}-{name}", child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        items = value or []
        data[f"{prefix}-count"] = str(len(items))
        for index, item in enumerate(items):
            item_value = item["value"] if isinstance(item, dict) else item
            _block_data(data, f"{prefix}-{index}-value", block.child_block, item_value)
            data[f"{prefix}-{index}-id"] = item.get("id", "") if isinstance(item, dict) else ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
    elif isinstance(block, blocks.BooleanBlock):
        if value or (value is None and block.get_default()):
            data[prefix] = "on"
    else:
        if value is None:
            value = block.get_default()  # what the editor's form starts with
        data[prefix] = "" if value is None else str(value)


def stream_form_data(blocks_json, name="body"):
    stream = SurveyBodyBlock()
    data = {f"{name}-count": str(len(blocks_json))}
    for index, item in enumerate(blocks_json):
        prefix = f"{name}-{index}"
        data[f"{prefix}-type"] = item["type"]
        data[f"{prefix}-id"] = item.get("id", "")
        data[f"{prefix}-deleted"] = ""
        data[f"{prefix}-order"] = str(index)
        _block_data(data, f"{prefix}-value", stream.child_blocks[item["type"]], item["value"])
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def publish(client, page, blocks_json, **fields):
    """Post the page editor's form with ``blocks_json`` as the questions, and publish."""
    html = client.get(edit_url(page)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for key in list(data):
        if key == "body" or key.startswith("body-"):
            del data[key]
    data.update(stream_form_data(blocks_json))
    for key, value in fields.items():
        data[key] = value
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data)
