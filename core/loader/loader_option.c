/* loader_option.c -- options: their consortia (ids and names; membership
 * is resolved in loader_consortium.c), federations and votes. */
#include "loader_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* name: optional, defaults to the id. */
static int name_or_id(ld_ctx *c, const ld_node *item, const char *what,
                      const char *id, const char **out)
{
    const ld_node *v = ld_get(item, "name");
    char w[160], *name = NULL;
    int rc = 0;

    if (v) {
        snprintf(w, sizeof w, "the name of %s", what);
        rc = ld_string(c, v, w, &name);
    } else if (!(name = strdup(id ? id : ""))) {
        rc = ld_error(c, item, "out of memory; free some memory");
    }
    *out = name;
    return rc;
}

static int read_consortia(ld_ctx *c, cs_option *o, const ld_node *n,
                          ld_index *ix, const char *owhat)
{
    static const char *const keys[] = {"id", "name", "localities",
                                       "practices"};
    ld_node *const *items;
    size_t count;
    int rc = 0;

    if (ld_list(c, n, "'consortia'", 1, &items, &count))
        return -1;
    if (!count)
        return ld_error(c, n, "%s has no consortia; list at least one "
                        "consortium under 'consortia'", owhat);
    o->consortia = calloc(count, sizeof *o->consortia);
    o->consortium_pos = calloc(count, sizeof *o->consortium_pos);
    o->federation_of = malloc(count * sizeof *o->federation_of);
    if (!o->consortia || !o->consortium_pos || !o->federation_of)
        return ld_error(c, n, "out of memory; free some memory");
    o->view.n_consortia = count;
    for (size_t k = 0; k < count; k++) {
        cs_consortium_view *cv = &o->consortia[k];
        char what[160], *id = NULL;

        o->federation_of[k] = -1;
        o->consortium_pos[k] = ld_pos(c, items[k]);
        snprintf(what, sizeof what, "consortium %zu of %s", k + 1, owhat);
        if (ld_check_map(c, items[k], what, keys, 4)) {
            rc = -1;
            continue;
        }
        rc |= ld_take_id(c, ix, items[k], "consortium", "id", k,
                         o->consortium_pos, &id);
        cv->id = id;
        if (id)
            snprintf(what, sizeof what, "consortium '%s' of %s", id, owhat);
        rc |= name_or_id(c, items[k], what, id, &cv->name);
    }
    return rc;
}

/* The members of federation f: ids of consortia of the same option. */
static int read_members(ld_ctx *c, cs_option *o, size_t f, const ld_node *v,
                        ld_index *cons, const char *what)
{
    cs_federation *fed = &o->federations[f];
    ld_node *const *ids;
    size_t count;
    int *members, rc = 0;

    if (ld_list(c, v, "'members'", 0, &ids, &count))
        return -1;
    if (count < 2)
        return ld_error(c, v, "%s has %zu member%s; a federation joins at "
                        "least two consortia of its option", what, count,
                        count == 1 ? "" : "s");
    members = calloc(count, sizeof *members);
    if (!members)
        return ld_error(c, v, "out of memory; free some memory");
    fed->members = members;
    fed->n_members = count;
    for (size_t k = 0; k < count; k++) {
        const ld_node *id = ids[k];
        int at = id->kind == LD_SCALAR ? ld_index_get(cons, id->text) : -1;
        char hint[128];

        members[k] = at;
        if (at < 0) {
            const char **cands = malloc(o->view.n_consortia * sizeof *cands);
            hint[0] = '\0';
            if (cands) {
                for (size_t j = 0; j < o->view.n_consortia; j++)
                    cands[j] = o->consortia[j].id ? o->consortia[j].id : "";
                ld_suggest(c, id->kind == LD_SCALAR ? id->text : "", cands,
                           o->view.n_consortia, hint, sizeof hint);
                free(cands);
            }
            rc = ld_error(c, id, "%s: '%.60s' is not a consortium of this "
                          "option%s", what, id->kind == LD_SCALAR ?
                          id->text : "?", hint[0] ? hint :
                          "; list the ids of the option's consortia");
        } else if (o->federation_of[at] == (int)f) {
            rc = ld_error(c, id, "%s lists consortium '%s' twice; remove "
                          "one", what, id->text);
        } else if (o->federation_of[at] >= 0) {
            rc = ld_error(c, id, "consortium '%s' is in two federations "
                          "('%s' and '%s'); a consortium joins at most one",
                          id->text, o->federations[o->federation_of[at]].id,
                          fed->id ? fed->id : "?");
        } else {
            o->federation_of[at] = (int)f;
        }
    }
    return rc;
}

static int read_federation(ld_ctx *c, cs_option *o, size_t f,
                           const ld_node *item, ld_index *cons,
                           const char *what)
{
    cs_federation *fed = &o->federations[f];
    const ld_node *v;
    char w[256];
    int rc = 0;

    rc |= name_or_id(c, item, what, fed->id, &fed->name);
    if ((v = ld_need(c, item, "members", what)))
        rc |= read_members(c, o, f, v, cons, what);
    else
        rc = -1;
    if ((v = ld_get(item, "risk_pool_share"))) {
        snprintf(w, sizeof w, "'risk_pool_share' of %s", what);
        rc |= ld_number_in(c, v, w, 0, 1, 0, &fed->risk_pool_share);
    }
    if ((v = ld_get(item, "shared_functions"))) {
        snprintf(w, sizeof w, "'shared_functions' of %s", what);
        rc |= ld_number_in(c, v, w, 0, 1, 0, &fed->shared_functions);
    }
    if ((v = ld_get(item, "pool_surpluses"))) {
        snprintf(w, sizeof w, "'pool_surpluses' of %s", what);
        rc |= ld_bool(c, v, w, &fed->pool_surpluses);
    }
    if ((v = ld_get(item, "joint_contracting"))) {
        snprintf(w, sizeof w, "'joint_contracting' of %s", what);
        rc |= ld_bool(c, v, w, &fed->joint_contracting);
    }
    return rc;
}

static int read_federations(ld_ctx *c, cs_option *o, const ld_node *n,
                            ld_index *cons, const char *owhat)
{
    static const char *const keys[] = {"id", "name", "members",
        "risk_pool_share", "pool_surpluses", "shared_functions",
        "joint_contracting"};
    ld_node *const *items;
    size_t count;
    cs_pos *pos;
    ld_index ix;
    int rc = 0;

    if (ld_list(c, n, "'federations'", 1, &items, &count))
        return -1;
    if (!count)
        return 0;
    o->federations = calloc(count, sizeof *o->federations);
    pos = calloc(count, sizeof *pos);
    if (!o->federations || !pos) {
        free(pos);
        return ld_error(c, n, "out of memory; free some memory");
    }
    o->view.n_federations = count;
    ld_index_init(&ix);
    for (size_t f = 0; f < count; f++) {
        char what[200], *id = NULL;

        pos[f] = ld_pos(c, items[f]);
        snprintf(what, sizeof what, "federation %zu of %s", f + 1, owhat);
        if (ld_check_map(c, items[f], what, keys, 7)) {
            rc = -1;
            continue;
        }
        rc |= ld_take_id(c, &ix, items[f], "federation", "id", f, pos, &id);
        o->federations[f].id = id;
        if (id)
            snprintf(what, sizeof what, "federation '%s' of %s", id, owhat);
        rc |= read_federation(c, o, f, items[f], cons, what);
    }
    ld_index_free(&ix);
    free(pos);
    return rc;
}

static int is_all(const ld_node *v)
{
    return v && v->kind == LD_SCALAR && v->plain && !strcmp(v->text, "all");
}

/* Sets votes[] to `value` for the practices listed in v ("all" = every
 * practice still without a vote). */
static int vote_list(ld_ctx *c, signed char *votes, const ld_node *v,
                     signed char value, const char *what)
{
    ld_node *const *codes;
    size_t count;
    int rc = 0;

    if (is_all(v)) {
        for (size_t p = 0; p < c->m->n_practices; p++)
            if (votes[p] < 0)
                votes[p] = value;
        return 0;
    }
    if (ld_list(c, v, what, 1, &codes, &count))
        return -1;
    for (size_t k = 0; k < count; k++) {
        int p = ld_ref(c, codes[k], LD_REF_PRACTICE, what);
        if (p < 0) {
            rc = -1;
        } else if (votes[p] >= 0) {
            rc = ld_error(c, codes[k], "practice '%s' is listed twice in "
                          "%s; list it once, under 'for' or 'against'",
                          codes[k]->text, what);
        } else {
            votes[p] = value;
        }
    }
    return rc;
}

static int read_votes(ld_ctx *c, cs_option *o, const ld_node *n,
                      const char *owhat)
{
    static const char *const keys[] = {"for", "against"};
    const ld_node *yes, *no;
    char what[160];
    int rc = 0;

    snprintf(what, sizeof what, "the votes of %s", owhat);
    if (ld_check_map(c, n, what, keys, 2))
        return -1;
    yes = ld_get(n, "for");
    no = ld_get(n, "against");
    if (is_all(yes) && is_all(no))
        return ld_error(c, no, "%s say 'all' both for and against; list the "
                        "practices of one side", what);
    o->votes = malloc(c->m->n_practices ? c->m->n_practices : 1);
    if (!o->votes)
        return ld_error(c, n, "out of memory; free some memory");
    memset(o->votes, -1, c->m->n_practices);
    o->view.votes = o->votes;
    /* Lists first, so that "all" means every practice not listed. */
    if (yes && !is_all(yes))
        rc |= vote_list(c, o->votes, yes, 1, what);
    if (no && !is_all(no))
        rc |= vote_list(c, o->votes, no, 0, what);
    if (is_all(yes))
        rc |= vote_list(c, o->votes, yes, 1, what);
    if (is_all(no))
        rc |= vote_list(c, o->votes, no, 0, what);
    return rc;
}

static int read_option(ld_ctx *c, cs_option *o, const ld_node *item,
                       size_t i, ld_index *opts, const cs_pos *pos)
{
    static const char *const keys[] = {"id", "name", "consortia",
                                       "federations", "votes"};
    const ld_node *v;
    ld_index cons;
    char what[96], *id = NULL;
    int rc;

    o->pos = ld_pos(c, item);
    snprintf(what, sizeof what, "option %zu", i + 1);
    if (ld_check_map(c, item, what, keys, 5))
        return -1;
    rc = ld_take_id(c, opts, item, "option", "id", i, pos, &id);
    o->view.id = id;
    if (id)
        snprintf(what, sizeof what, "option '%s'", id);
    rc |= name_or_id(c, item, what, id, &o->view.name);
    ld_index_init(&cons);
    if ((v = ld_need(c, item, "consortia", what)))
        rc |= read_consortia(c, o, v, &cons, what);
    if (!o->view.n_consortia) {
        ld_index_free(&cons);
        return -1;
    }
    if ((v = ld_get(item, "federations")))
        rc |= read_federations(c, o, v, &cons, what);
    if ((v = ld_get(item, "votes")))
        rc |= read_votes(c, o, v, what);
    ld_index_free(&cons);
    o->view.consortia = o->consortia;
    o->view.federations = o->federations;
    o->view.federation_of = o->federation_of;
    o->view.votes = o->votes;
    if (c->m->n_practices)
        rc |= ld_option_resolve(c, o, ld_get(item, "consortia"));
    return rc;
}

int ld_options(ld_ctx *c, const ld_node *n)
{
    ld_node *const *items;
    size_t count;
    cs_pos *pos;
    ld_index ix;
    int rc = 0;

    if (!n)
        return ld_error(c, NULL, "no 'options'; add an 'options:' list with "
                        "at least one way of grouping the practices");
    if (ld_list(c, n, "'options'", 0, &items, &count))
        return -1;
    if (!count)
        return ld_error(c, n, "'options' is empty; add at least one option");
    c->m->options = calloc(count, sizeof *c->m->options);
    pos = calloc(count, sizeof *pos);
    if (!c->m->options || !pos) {
        free(pos);
        return ld_error(c, n, "out of memory; free some memory");
    }
    c->m->n_options = count;
    ld_index_init(&ix);
    for (size_t i = 0; i < count; i++) {
        pos[i] = ld_pos(c, items[i]);
        rc |= read_option(c, &c->m->options[i], items[i], i, &ix, pos);
    }
    ld_index_free(&ix);
    free(pos);
    return rc;
}
