# plugins/structure.mk -- included by Makefile.am
