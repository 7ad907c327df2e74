"""Values as rows: type names a Python developer would say, bounded text, nothing that can raise."""
import unittest

from trace_inspector.capture import capture


class CaptureTest(unittest.TestCase):
    def test_type_names_and_texts(self) -> None:
        self.assertEqual(capture("plain", 100), ("str", "plain"))
        self.assertEqual(capture(None, 100), ("NoneType", "None"))
        self.assertEqual(capture({"a": [1, 2]}, 100), ("dict", "{'a': [1, 2]}"))
        self.assertEqual(capture(b"\x00\x01", 100), ("bytes", "b'\\x00\\x01'"))

    def test_size_is_bounded(self) -> None:
        kind, text = capture("x" * 10_000, 50)
        self.assertEqual((kind, text), ("str", "x" * 50 + "…[+9950 chars]"))
        self.assertTrue(capture(list(range(100_000)), 2000)[1].endswith("...]"))
        cyclic: list = [1]
        cyclic.append(cyclic)
        self.assertLess(len(capture(cyclic, 2000)[1]), 100)

    def test_what_cannot_be_shown_says_so(self) -> None:
        self.assertEqual(capture(10 ** 5000, 100)[0], "int")
        self.assertTrue(capture(10 ** 5000, 100)[1].startswith("[unrepresentable int"))


if __name__ == "__main__":
    unittest.main()
