"""Repeating flaky tests: :func:`repeat_with_success_at_least`, :func:`repeat`, :func:`retry`."""

import functools
import traceback
import unittest


def _run_test_case_once(instance, f, args, kwargs):
    """Runs one attempt on a fresh TestCase (own setUp/tearDown); returns (outcome, detail)."""
    fresh = type(instance)(instance._testMethodName)
    suite = unittest.TestSuite()
    suite.addTest(
        unittest.FunctionTestCase(
            lambda: f(fresh, *args, **kwargs), setUp=fresh.setUp, tearDown=fresh.tearDown
        )
    )
    result = unittest.TestResult()
    suite.run(result)
    if result.skipped:
        return "skip", result.skipped[0][1]
    if result.wasSuccessful():
        return "pass", None
    return "fail", "\n".join(detail for _, detail in result.failures + result.errors)


def _run_callable_once(f, args, kwargs):
    try:
        f(*args, **kwargs)
    except unittest.SkipTest as e:
        return "skip", str(e)
    except Exception:
        return "fail", traceback.format_exc()
    return "pass", None


def repeat_with_success_at_least(times, min_success):
    """Decorator that runs a test up to ``times`` times and needs ``min_success`` passes.

    It stops as soon as the outcome is decided. A ``unittest.TestCase`` test
    gets a fresh instance (with ``setUp``/``tearDown``) for every attempt;
    other tests are called again as they are. A skip ends the test as skipped.

    Args:
        times (int): The maximum number of attempts.
        min_success (int): The number of passes needed.
    """
    if not 0 <= min_success <= times:
        raise ValueError("min_success must be between 0 and times")

    def decorator(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            instance = args[0] if args else None
            is_test_case = isinstance(instance, unittest.TestCase)
            successes = failures = 0
            first_failure = None
            for _ in range(times):
                if is_test_case:
                    outcome, detail = _run_test_case_once(instance, f, args[1:], kwargs)
                else:
                    outcome, detail = _run_callable_once(f, args, kwargs)
                if outcome == "skip":
                    raise unittest.SkipTest(detail)
                if outcome == "pass":
                    successes += 1
                else:
                    failures += 1
                    if first_failure is None:
                        first_failure = detail
                if successes >= min_success:
                    return
                if failures > times - min_success:
                    break
            message = f"\nFail: {failures}, Success: {successes}"
            if first_failure:
                message += "\n\nThe first error message:\n" + first_failure
            raise AssertionError(message)

        return wrapper

    return decorator


def repeat(times):
    """Decorator that runs a test ``times`` times; every run must pass.

    Args:
        times (int): The number of runs.
    """
    return repeat_with_success_at_least(times, times)


def retry(times):
    """Decorator that runs a test up to ``times`` times until it passes once.

    Args:
        times (int): The maximum number of attempts.
    """
    return repeat_with_success_at_least(times, 1)
