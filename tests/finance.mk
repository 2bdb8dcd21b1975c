# tests/finance.mk -- included by Makefile.am
