"""The product CSV parser: products from rows, and errors that name row, column and problem."""

from __future__ import annotations

from pathlib import Path

from sync.bulk.csvformat import category_path, parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "products.csv"
HEAD = "handle,title,option1_name,option1_value,sku,price_eur,price_usd,stock"


def errors_of(*rows: str, head: str = HEAD) -> list[str]:
    return [str(e) for e in parse("\n".join([head, *rows]))[1]]


def test_example_parses_into_products_with_variants() -> None:
    products, errors = parse(EXAMPLE.read_text())
    assert errors == []
    by_handle = {p.handle: p for p in products}
    tshirt = by_handle["organic-cotton-tshirt"]
    assert [v.sku for v in tshirt.variants] == ["OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK"]
    assert tshirt.option_values() == {"Size": ["S", "M", "L"], "Color": ["White", "Black"]}
    assert tshirt.values["weight"] == 200.0 and tshirt.categories == ("T-Shirts", "Organic")
    assert (
        tshirt.variants[2].prices == {"eur": 32.99, "usd": 32.99} and tshirt.variants[2].stock == 0
    )
    assert tshirt.variants[0].title == "S / White"
    socks = by_handle["recycled-wool-socks"]
    assert socks.option_names == () and len(socks.variants) == 1


def test_header_errors() -> None:
    assert errors_of("a,A,,,A-1", head="handle,title,colour,sku") == [
        "row 1, column colour: unknown column",
        "row 1, column price_<currency>: at least one price column is required",
    ]
    assert "row 1, column sku: required column is missing" in errors_of(head="handle,price_eur")


def test_row_errors_name_row_and_column() -> None:
    errors = errors_of(
        "shirt,Shirt,Size,S,SH-S,12.5,,3",
        "shirt,Other Title,Size,M,SH-M,abc,,x",
        "shirt,,Size,,SH-S,1,,",
        "Bad_Handle,Bad,,,B-1,1,,",
        "nopr,No Price,,,NP-1,,,",
    )
    assert errors == [
        "row 3, column price_eur: 'abc' is not a price (e.g. 29.99)",
        "row 3, column stock: 'x' is not a whole number >= 0",
        "row 3, column title: differs from row 2 of the same handle",
        "row 4, column option1_value: is required with option1_name",
        "row 4, column sku: 'SH-S' is already used on row 2",
        "row 5, column handle: must be lowercase letters, digits and dashes",
        "row 6, column price_<currency>: a variant needs at least one price",
    ]


def test_variants_must_be_told_apart() -> None:
    assert errors_of("cap,Cap,,,C-1,5,,", "cap,,,,C-2,5,,") == [
        "row 3, column option1_name: several variants need option columns"
    ]
    assert errors_of("cap,Cap,Size,S,C-1,5,,", "cap,,Size,S,C-2,5,,") == [
        "row 3, column option1_value: same option values as row 2 of 'cap'"
    ]
    assert errors_of("cap,Cap,Size,S,C-1,5,,", "cap,,Fit,S,C-2,5,,") == [
        "row 3, column option1_name: option names differ from row 2"
    ]


def test_blank_lines_and_bom_are_ignored() -> None:
    products, errors = parse("\ufeff" + HEAD + "\nmug,Mug,,,M-1,9,10,4\n,,,,,,,\n")
    assert errors == [] and products[0].variants[0].prices == {"eur": 9.0, "usd": 10.0}


CAT_HEAD = "handle,title,categories,option1_name,option1_value,sku,price_eur"


def test_category_paths_are_normalized_and_plain_names_kept() -> None:
    text = "\n".join([
        CAT_HEAD,
        "mug,Mug,Home>Kitchen >  Mugs | Organic|apparel > t-shirts,Size,S,M-1,9",
        'mug,,"Home > Kitchen > Mugs|Organic|apparel>t-shirts",Size,M,M-2,9',
    ])  # fmt: skip
    products, errors = parse(text)
    assert errors == []
    assert products[0].categories == ("Home > Kitchen > Mugs", "Organic", "apparel > t-shirts")
    assert category_path(products[0].categories[0]) == ("Home", "Kitchen", "Mugs")
    assert category_path("Organic") == ("Organic",)


def test_a_later_row_with_another_path_disagrees() -> None:
    assert errors_of(
        "mug,Mug,Home > Kitchen,Size,S,M-1,9", "mug,,Home > Decor,Size,M,M-2,9", head=CAT_HEAD
    ) == ["row 3, column categories: differs from row 2 of the same handle"]


def test_bad_category_paths_name_row_and_column() -> None:
    six = " > ".join(["A", "B", "C", "D", "E", "F"])
    errors = errors_of(
        "a,A,Apparel > ,,,A-1,9",
        "b,B,> T-Shirts|Organic,,,B-1,9",
        "c,C,Home >> Mugs,,,C-1,9",
        f"d,D,{six},,,D-1,9",
        "e,E,Kids/Teens|Home > Caf<e,,,E-1,9",
        "f,F,Home > !!!,,,F-1,9",
        f"g,G,{six[:-4]},,,G-1,9",
        head=CAT_HEAD,
    )
    assert errors == [
        "row 2, column categories: 'Apparel >' has an empty level",
        "row 3, column categories: '> T-Shirts' has an empty level",
        "row 4, column categories: 'Home >> Mugs' has an empty level",
        "row 5, column categories: 'A > B > C > D > E > F' is 6 levels deep; at most 5 are allowed",
        "row 6, column categories: 'Kids/Teens' contains the illegal character '/'",
        "row 6, column categories: 'Caf<e' contains the illegal character '<'",
        "row 7, column categories: '!!!' needs a letter or digit (A-Z, 0-9) to make a handle",
    ]
