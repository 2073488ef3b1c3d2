"""Routes of action items, meeting attachments and summary publishing (views in partnerships/views/actions.py)."""

from django.urls import path

from ..views import actions

PARTNERSHIP = "partnerships/<int:partnership_pk>/"
ITEMS = PARTNERSHIP + "action-items/"
ITEM = ITEMS + "<int:pk>/"
MEETING = PARTNERSHIP + "meetings/<int:meeting_pk>/"
ATTACHMENT = PARTNERSHIP + "attachments/<int:pk>/"

urlpatterns = [
    path(ITEMS, actions.action_item_list, name="action_item_list"),
    path(PARTNERSHIP + "action-items.<str:fmt>", actions.action_item_export, name="action_item_export"),
    path(ITEMS + "new/", actions.action_item_create, name="action_item_create"),
    path(ITEM, actions.action_item_detail, name="action_item_detail"),
    path(ITEM + "edit/", actions.action_item_edit, name="action_item_edit"),
    path(ITEM + "updates/", actions.action_item_update_add, name="action_item_update_add"),
    path(MEETING + "attachments/new/", actions.attachment_upload, name="attachment_upload"),
    path(ATTACHMENT + "download/", actions.attachment_download, name="attachment_download"),
    path(ATTACHMENT + "delete/", actions.attachment_delete, name="attachment_delete"),
    path(MEETING + "publish/", actions.meeting_publish, name="meeting_publish"),
]
