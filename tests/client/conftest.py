import pytest

from .fakes import FakeApi, FakeClock, make_client


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> FakeApi:
    return FakeApi(clock)


@pytest.fixture
def exchanges() -> list:
    return []


@pytest.fixture
async def client(api, clock, exchanges):
    async with make_client(api, clock, exchanges=exchanges) as wallet_client:
        yield wallet_client
