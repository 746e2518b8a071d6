"""Loading report files: encodings, byte-order marks, line endings, and refusals."""
from __future__ import annotations

import pytest

from kg.errors import BinarySourceError, EmptySourceError, EncodingError
from kg.load import decode, load_source

TEXT = "关于东溪县2023年计划执行情况的报告\r\n一、执行情况\r\n地区生产总值增长5%。\r\n"


def test_load_utf8_keeps_crlf_and_offsets():
    src = load_source(TEXT.encode("utf-8"), doc_id="x", file_name="x.txt")
    assert src.raw == TEXT and src.encoding == "utf-8"


def test_load_utf8_bom_is_kept_as_a_character():
    src = load_source(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), doc_id="x", file_name="x.txt")
    assert src.raw.startswith("\ufeff") and src.raw[1:] == TEXT and src.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "gb2312"])
def test_load_gb_family(encoding):
    src = load_source(TEXT.encode(encoding), doc_id="x", file_name="x.txt")
    assert src.raw == TEXT and src.encoding == "gb18030"


def test_load_utf16_with_bom():
    src = load_source(TEXT.encode("utf-16"), doc_id="x", file_name="x.txt")
    assert src.raw == TEXT


def test_load_checksum_is_of_the_bytes():
    import hashlib
    data = TEXT.encode("gb18030")
    assert load_source(data, doc_id="x", file_name="x.txt").sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t "])
def test_load_refuses_empty(data):
    with pytest.raises(EmptySourceError) as e:
        decode(data, "empty.txt")
    assert "empty.txt" in str(e.value) and "KG101" in str(e.value)


def test_load_refuses_binary():
    with pytest.raises(BinarySourceError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img.txt")


def test_load_refuses_undecodable_bytes():
    with pytest.raises(EncodingError):
        decode(b"\xff" * 100, "bad.txt")


def test_load_refuses_text_without_chinese():
    with pytest.raises(EncodingError):
        load_source(b"just some English text\n", doc_id="x", file_name="en.txt")


def test_load_utf8_cut_inside_its_last_character_stays_utf8():
    data = TEXT.encode("utf-8") + "增长".encode("utf-8")[:-1]
    src = load_source(data, doc_id="x", file_name="x.txt")
    assert src.raw == TEXT + "增" and src.encoding == "utf-8"
