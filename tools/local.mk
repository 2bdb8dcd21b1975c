# tools/local.mk -- see Makefile.am
