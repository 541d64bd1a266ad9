"""What several test modules share: paths, local hubs, parsers and data of the tests.

Test modules import from here (and use the fixtures of tests/conftest.py); a test module
never imports another test module. tests/test_layout_of_tests.py checks both rules.
"""
