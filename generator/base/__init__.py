"""The ground every stage stands on: errors and problems with their file and line, messages in Chinese and
English, dates in Asia/Shanghai, caches on disk, the map over every core, and the dependencies an output
records as it reads its sources. Nothing here knows a record."""
