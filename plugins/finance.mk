# plugins/finance.mk -- included by Makefile.am
# The risk, capacity and transition criteria, using only the plugin
# header, GSL and libm; each exports only consortia_plugin_entry. Risk is
# one module built from the files of plugins/risk/ (risk.h says which does
# what).

pkglib_LTLIBRARIES += plugins/risk.la
plugins_risk_la_SOURCES = plugins/risk/risk.c plugins/risk/risk_spend.c \
	plugins/risk/risk_years.c plugins/risk/risk_option.c \
	plugins/risk/risk_poisson.c plugins/risk/risk_shared.c \
	plugins/risk/risk.h
plugins_risk_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_risk_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_risk_la_LIBADD = $(GSL_LIBS)

pkglib_LTLIBRARIES += plugins/capacity.la
plugins_capacity_la_SOURCES = plugins/capacity.c \
	plugins/capacity_option.c plugins/capacity_priv.h
plugins_capacity_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_capacity_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_capacity_la_LIBADD = $(GSL_LIBS)

pkglib_LTLIBRARIES += plugins/transition.la
plugins_transition_la_SOURCES = plugins/transition.c
plugins_transition_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
plugins_transition_la_LDFLAGS = $(PLUGIN_MODULE_FLAGS)
plugins_transition_la_LIBADD = $(GSL_LIBS) -lm
