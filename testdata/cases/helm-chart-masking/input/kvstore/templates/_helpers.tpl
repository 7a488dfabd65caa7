{{/*
The etcd image, with the registry in front.
*/}}
{{- define "kvstore.image" -}}
{{ printf "%s/%s:%s" .Values.image.registry .Values.image.repository .Values.image.tag }}
{{- end -}}
