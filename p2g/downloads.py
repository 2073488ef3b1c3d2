"""An uploaded file sent to a person allowed to see it (access is checked by the caller)."""

from django.http import FileResponse, Http404


def private_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """The file as a download that no browser renders inline or caches; 404 when the file is gone."""
    try:
        handle = field_file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
