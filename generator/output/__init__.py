"""A build: the core's outputs compared with what the last build left, the engine run only when what it
reads changed (else pages stamped into its shells), the new tree written beside the published one as hard
links, audited for private data and exchanged with it in one step. The engine comes in through
:mod:`generator.output.engine`; nothing here imports one."""
