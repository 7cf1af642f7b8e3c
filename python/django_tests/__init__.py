"""The test suite of the faspay.django app, run by ``runtests.py`` under each supported Django."""
