# plugins/structure.mk -- included by Makefile.am
# The structure criteria: governance, leverage, engagement and equity. Each
# is one C file using only <consortia/plugin.h>, GSL and libm, built as a
# libtool module exporting only consortia_plugin_entry.

pkglib_LTLIBRARIES += plugins/governance.la
plugins_governance_la_SOURCES = plugins/governance.c
plugins_governance_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_governance_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_governance_la_LIBADD = $(GSL_LIBS) -lm

pkglib_LTLIBRARIES += plugins/leverage.la
plugins_leverage_la_SOURCES = plugins/leverage.c
plugins_leverage_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_leverage_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_leverage_la_LIBADD = $(GSL_LIBS) -lm

pkglib_LTLIBRARIES += plugins/engagement.la
plugins_engagement_la_SOURCES = plugins/engagement.c
plugins_engagement_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_engagement_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_engagement_la_LIBADD = $(GSL_LIBS) -lm

pkglib_LTLIBRARIES += plugins/equity.la
plugins_equity_la_SOURCES = plugins/equity.c plugins/equity_ci.c plugins/equity_ci.h
plugins_equity_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_equity_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_equity_la_LIBADD = $(GSL_LIBS) -lm
