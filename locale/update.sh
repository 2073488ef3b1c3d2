#!/usr/bin/env bash
# Refresh the Hebrew catalogues (then translate what is new, and `make messages` compiles them).
#  - locale/he/…/django.po            : every string of the project (makemessages);
#  - locale/libraries/he/…/django.po  : strings of libraries that ship no Hebrew
#    (django-filter, simple-history, celery-beat, modeltranslation, timezone-field).
# Existing translations are kept (msgmerge); nothing is compiled here.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
ADMIN="$(pwd)/.venv/bin/django-admin"

$PY manage.py makemessages -l he --no-obsolete --ignore=.venv --ignore=node_modules \
  --ignore=staticfiles --ignore=var --ignore=tests --ignore=bench -v0
# A fuzzy guess is usually another word (msgmerge matched "Current" to "currency"): start those afresh.
msgattrib --clear-fuzzy --empty --no-wrap -o locale/he/LC_MESSAGES/django.po locale/he/LC_MESSAGES/django.po
$PY manage.py makemessages -d djangojs -l he --no-obsolete --ignore=.venv --ignore=node_modules \
  --ignore=staticfiles --ignore=var -v0 || true

site=$($PY -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lib in django_filters simple_history django_celery_beat modeltranslation timezone_field; do
  cp -r "$site/$lib" "$work/$lib"
  rm -rf "$work/$lib/locale" && mkdir -p "$work/$lib/locale"
  (cd "$work/$lib" && "$ADMIN" makemessages -l he -v0 --no-wrap)
done
msgcat --use-first --no-wrap -o "$work/libraries.pot" "$work"/*/locale/he/LC_MESSAGES/django.po
target=locale/libraries/he/LC_MESSAGES/django.po
mkdir -p "$(dirname "$target")"
if [ -f "$target" ]; then
  msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none "$target" "$work/libraries.pot"
  msgattrib --no-obsolete --no-wrap -o "$target" "$target"
else
  cp "$work/libraries.pot" "$target"
fi
msgfmt --statistics -o /dev/null locale/he/LC_MESSAGES/django.po
msgfmt --statistics -o /dev/null "$target"
