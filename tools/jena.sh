#!/bin/sh
# Run an Apache Jena 4.5.0 command-line class from Debian bookworm's libapache-jena-java.
#   apt-get install -y --no-install-recommends libapache-jena-java
# usage: jena.sh riotcmd.riot --validate F.ttl | arq.sparql --data F.ttl --query Q.rq | shacl.shacl validate --shapes S --data D
# Works around a Debian packaging bug: jena-core's shaded xerces classes live in package "xerces.*" but their
# .properties resource bundles stayed under org/apache/jena/ext/xerces/, so any XSD datatype init dies with
# "RuntimeException: internal error" (XSSimpleTypeDecl.applyFacets1). We copy the bundles to the expected path.
set -e
J=/usr/share/java
FIX=${JENA_FIX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jena-xerces-fix}
if [ ! -f "$FIX/xerces/impl/xpath/regex/message.properties" ]; then
  rm -rf "$FIX.tmp" && mkdir -p "$FIX.tmp"
  (cd "$FIX.tmp" && unzip -q -o "$J/jena-core.jar" 'org/apache/jena/ext/xerces/*' \
     && mkdir -p xerces && cp -r org/apache/jena/ext/xerces/* xerces/ && rm -rf org)
  rm -rf "$FIX" && mv "$FIX.tmp" "$FIX"
fi
CP="$FIX"
for j in jena-arq jena-base jena-cmds jena-core jena-dboe-base jena-dboe-index jena-dboe-storage \
         jena-dboe-trans-data jena-dboe-transaction jena-iri jena-rdfconnection jena-shacl jena-shex \
         jena-tdb jena-tdb2 commons-cli commons-codec commons-compress commons-csv commons-io \
         commons-lang3 dexx.collection gson guava httpclient httpclient-cache httpcore commons-logging \
         jackson-annotations jackson-core jackson-databind jakarta.json-api jsonld-java protobuf thrift \
         titanium-json-ld slf4j-api slf4j-simple; do
  CP="$CP:$J/$j.jar"
done
CLS="$1"; shift
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$CLS" "$@"
