"""Workspace views: action items, meeting attachments, publishing a meeting summary."""
