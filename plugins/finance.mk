# plugins/finance.mk -- included by Makefile.am
