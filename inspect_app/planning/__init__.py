"""A quarter's patrol plan (巡查计划): who patrols which neighbourhood how often, unannounced random picks, coverage."""
