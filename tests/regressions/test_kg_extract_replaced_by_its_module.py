"""``kg.extract`` stopped being a function after its first call.

While the parser lived in a subpackage named ``kg.extract``, importing it on the
first call bound the submodule to the package attribute, so the second
``kg.extract()`` in a notebook failed: a module is not callable.
"""

from __future__ import annotations

import kg


def test_extract_is_a_function_on_every_call() -> None:
    first = kg.extract()
    second = kg.extract()
    assert callable(kg.extract)
    assert len(first.tasks) == len(second.tasks) == 47
