#!/bin/sh
# Prisma's CLI wants its native schema engine, which cannot be downloaded offline; generation does
# not need it. Hookrelay applies SQL migrations itself (src/db/migrate.ts).
echo "prisma schema engine is not available offline; Hookrelay applies prisma/migrations itself" >&2
exit 1
