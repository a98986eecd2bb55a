# mk/dist.mk -- a mailing split across a real scheduler (issue 17).
#
#   make dist-test   tests/dist/run.sh: a single-node Slurm cluster started in
#                    a temporary folder on 127.0.0.1 (munged with a key of its
#                    own, slurmctld and slurmd as the current user) runs
#                    `leaflet mail --shard K/4` as a job array of four
#                    (sbatch --array=1-4) into one folder; `leaflet mail
#                    merge` joins the parts and the files are checked from
#                    outside.  Every daemon is stopped however it ends.  Where
#                    Slurm cannot run it says why and uses GNU parallel.
#                    About 15 seconds; part of `make test` (EXTRA_TESTS).

DIST_DEB_PACKAGES = slurm-wlm munge parallel
DIST_DEPS_STAMP   = build/.dist-deps-installed

.PHONY: dist-test

EXTRA_TESTS += dist-test

$(DIST_DEPS_STAMP): mk/dist.mk | $(DEPS_STAMP)
	$(call install_missing,$(DIST_DEB_PACKAGES))
	@mkdir -p $(@D) && touch $@

dist-test: $(BUILD)/leaflet $(FONTS) $(DIST_DEPS_STAMP)
	sh tests/dist/run.sh $(BUILD)/leaflet
