# tests/decide.mk -- included by Makefile.am
