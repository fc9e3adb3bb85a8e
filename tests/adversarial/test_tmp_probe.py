import pytest
from tests.adversarial.test_hostile_providers import *
@pytest.mark.parametrize("provider", ["gestaoplus","pagbank","bakeronline","crayon"])
def test_x(cli, hostile, profiles, provider):
    profiles(hostile.url)
    hostile.route = weird(WEIRD_BODIES["surrogates"])
    for output in OUTPUTS:
        r = cli(*create_args(provider, output), "--debug"); print(provider, output, r.code, r.err[-1500:])
