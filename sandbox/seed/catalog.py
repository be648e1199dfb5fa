"""The sandbox's demo catalog: regions, taxonomy, products and their Contentful content.

Plain JSON-able data (format: the project's catalog-format note). The Organic Cotton T-Shirt,
Linen Summer Shirt, Canvas Tote Bag and Unreleased Hoodie repeat what the recorded Medusa seed
holds; the rest widens the demo. Content varies on purpose: fully translated products,
English-only ones, Spanish titles without a Spanish description (to exercise locale fallback)
and products with no Contentful entry yet.
"""

from __future__ import annotations

from typing import Any

Node = dict[str, Any]


# --- Rich text builders (Contentful rich-text JSON) ---------------------------------------


def text(value: str, bold_mark: bool = False) -> Node:
    """A text node, optionally bold."""
    marks = [{"type": "bold"}] if bold_mark else []
    return {"nodeType": "text", "value": value, "marks": marks, "data": {}}


def bold(value: str) -> Node:
    """A bold text node."""
    return text(value, bold_mark=True)


def para(*parts: str | Node) -> Node:
    """A paragraph of plain strings and text nodes."""
    content = [text(part) if isinstance(part, str) else part for part in parts]
    return {"nodeType": "paragraph", "data": {}, "content": content}


def heading(level: int, value: str) -> Node:
    """A heading-N block with one text node."""
    return {"nodeType": f"heading-{level}", "data": {}, "content": [text(value)]}


def bullets(items: list[str]) -> Node:
    """An unordered list whose items each hold one paragraph."""
    content = [{"nodeType": "list-item", "data": {}, "content": [para(i)]} for i in items]
    return {"nodeType": "unordered-list", "data": {}, "content": content}


def doc(*blocks: Node) -> Node:
    """A rich-text document."""
    return {"nodeType": "document", "data": {}, "content": list(blocks)}


def story(lead: str, body: str, title: str, points: list[str]) -> Node:
    """The usual product story: bold lead sentence, a heading and a list of points."""
    return doc(para(bold(lead), " " + body), heading(2, title), bullets(points))


def copy(
    *,
    rich: Node | None = None,
    seo: tuple[str, str] | None = None,
    care: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    description: str | None = None,
    labels: dict[str, str] | None = None,
    material: str | None = None,
) -> dict[str, Any]:
    """One locale's Contentful fields; what a translator left empty is simply absent."""
    fields: dict[str, Any] = {
        "optionLabels": labels,
        "material": material,
        "title": title,
        "subtitle": subtitle,
        "description": description,
        "richDescription": rich,
        "seoTitle": seo[0] if seo else None,
        "seoDescription": seo[1] if seo else None,
        "careInstructions": care,
    }
    return {key: value for key, value in fields.items() if value is not None}


# --- Product builders ----------------------------------------------------------------------


def variant(
    sku: str, options: dict[str, str], eur: float, usd: float, stock: int, manage: bool = True
) -> dict[str, Any]:
    """One variant; its title joins the option values in order ("S / White")."""
    return {
        "sku": sku,
        "title": " / ".join(options.values()),
        "options": options,
        "prices": {"eur": eur, "usd": usd},
        "manage_inventory": manage,
        "inventory": stock,
    }


def sizes(
    option: str, prefix: str, stock: dict[str, int], eur: float, usd: float, manage: bool = True
) -> list[dict[str, Any]]:
    """Variants over one option at one price; SKU suffix is the value upper-cased."""
    return [
        variant(f"{prefix}-{_code(value)}", {option: value}, eur, usd, count, manage)
        for value, count in stock.items()
    ]


def single(sku: str, eur: float, usd: float, stock: int) -> list[dict[str, Any]]:
    """The one "Default" variant of a product without real options (as Medusa records it)."""
    return [variant(sku, {"Default": "Default"}, eur, usd, stock)]


def picture(background: str, accent: str, motif: str) -> dict[str, str]:
    """The spec images.py draws the product picture from."""
    return {"background": background, "accent": accent, "motif": motif}


def product(
    handle: str,
    title: str,
    subtitle: str,
    description: str,
    *,
    variants: list[dict[str, Any]],
    content: dict[str, dict[str, Any]] | None = None,
    status: str = "published",
    **facts: Any,
) -> dict[str, Any]:
    """A product; options follow from its variants and en-US content gets the base fields."""
    result: dict[str, Any] = {
        "handle": handle,
        "title": title,
        "subtitle": subtitle,
        "description": description,
        "status": status,
        **facts,
        "options": _options(variants),
        "variants": variants,
    }
    if content is not None:
        base = {"title": title, "subtitle": subtitle, "description": description}
        # The sync writes the managed base fields in the default locale, so seed them the same.
        result["content"] = {**content, "en-US": {**base, **content.get("en-US", {})}}
    return result


def _options(variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    values: dict[str, list[str]] = {}
    for item in variants:
        for title, value in item["options"].items():
            seen = values.setdefault(title, [])
            if value not in seen:
                seen.append(value)
    return [{"title": title, "values": vals} for title, vals in values.items()]


def _code(value: str) -> str:
    return value.upper().replace(" ", "")


# --- Taxonomy ------------------------------------------------------------------------------

LOCALES = [
    {"code": "en-US", "name": "English (United States)", "default": True, "fallbackCode": None},
    {"code": "es-ES", "name": "Spanish (Spain)", "default": False, "fallbackCode": "en-US"},
    {"code": "de-DE", "name": "German (Germany)", "default": False, "fallbackCode": "en-US"},
]

REGIONS = [
    {
        "key": "eur",
        "name": "Europe",
        "currency_code": "eur",
        "countries": ["es", "de", "fr"],
        "tax_rates": {"es": 21, "de": 19, "fr": 20},
    },
    {
        "key": "usd",
        "name": "United States",
        "currency_code": "usd",
        "countries": ["us"],
        "tax_rates": {"us": 0},
    },
]

SHIPPING_OPTIONS = [{"name": "Standard Shipping", "prices": {"eur": 4.95, "usd": 5.95}}]

# "titles": the Contentful ``collection``/``category`` entry's translated titles (es-ES, de-DE).
COLLECTIONS = [
    {"handle": "summer-essentials", "title": "Summer Essentials",
     "titles": {"es-ES": "Esenciales de verano", "de-DE": "Sommer-Essentials"}},
    {"handle": "home-living", "title": "Home & Living",
     "titles": {"es-ES": "Hogar", "de-DE": "Wohnen"}},
    {"handle": "accessories", "title": "Accessories",
     "titles": {"es-ES": "Accesorios", "de-DE": "Accessoires"}},
    {"handle": "outdoor", "title": "Outdoor",
     "titles": {"es-ES": "Aire libre", "de-DE": "Outdoor"}},
    {"handle": "everyday-basics", "title": "Everyday Basics",
     "titles": {"es-ES": "Básicos diarios", "de-DE": "Alltagsbasics"}},
]  # fmt: skip

# Parents come before their children so a loader can create them in order.
CATEGORIES = [
    {"handle": "apparel", "name": "Apparel", "parent": None,
     "titles": {"es-ES": "Ropa", "de-DE": "Bekleidung"}},
    {"handle": "t-shirts", "name": "T-Shirts", "parent": "apparel",
     "titles": {"es-ES": "Camisetas", "de-DE": "T-Shirts"}},
    {"handle": "shirts", "name": "Shirts", "parent": "apparel"},
    {"handle": "sweatshirts", "name": "Sweatshirts", "parent": "apparel"},
    {"handle": "outerwear", "name": "Outerwear", "parent": "apparel"},
    {"handle": "headwear", "name": "Headwear", "parent": "apparel"},
    {"handle": "footwear", "name": "Footwear", "parent": "apparel"},
    {"handle": "organic", "name": "Organic", "parent": None,
     "titles": {"es-ES": "Orgánico", "de-DE": "Bio"}},
    {"handle": "home", "name": "Home", "parent": None, "titles": {"es-ES": "Hogar"}},
    {"handle": "kitchen", "name": "Kitchen", "parent": "home"},
    {"handle": "drinkware", "name": "Drinkware", "parent": "kitchen"},
    {"handle": "decor", "name": "Decor", "parent": "home"},
    {"handle": "lighting", "name": "Lighting", "parent": "home"},
    {"handle": "accessories", "name": "Accessories", "parent": None,
     "titles": {"es-ES": "Accesorios", "de-DE": "Accessoires"}},
    {"handle": "bags", "name": "Bags", "parent": "accessories",
     "titles": {"es-ES": "Bolsos", "de-DE": "Taschen"}},
    {"handle": "leather-goods", "name": "Leather Goods", "parent": "accessories"},
    {"handle": "eyewear", "name": "Eyewear", "parent": "accessories"},
    {"handle": "outdoor-gear", "name": "Outdoor Gear", "parent": None},
]  # fmt: skip

TAGS = [
    "organic",
    "cotton",
    "summer",
    "linen",
    "wool",
    "recycled",
    "eco",
    "handmade",
    "ceramic",
    "gift",
    "waterproof",
    "bestseller",
]

TYPES = [
    "T-Shirt",
    "Tank Top",
    "Shirt",
    "Hoodie",
    "Jacket",
    "Hat",
    "Shoe",
    "Bag",
    "Wallet",
    "Sunglasses",
    "Mug",
    "Carafe",
    "Bottle",
    "Plant Pot",
    "Candle",
    "Lamp",
    "Blanket",
    "Napkins",
]


# --- Products: fully translated (en-US, es-ES, de-DE) --------------------------------------

SML = {"S": "S", "M": "M", "L": "L"}  # sizes read the same in every locale

ORGANIC_COTTON_TSHIRT = product(
    "organic-cotton-tshirt",
    "Organic Cotton T-Shirt",
    "Soft, breathable, GOTS-certified",
    "A classic crew-neck T-shirt made from 100% organic cotton.",
    material="100% organic cotton",
    weight=200,
    type="T-Shirt",
    collection="summer-essentials",
    categories=["t-shirts", "organic"],
    tags=["organic", "cotton", "summer"],
    picture=picture("#e8e2d0", "#2f6b4f", "tshirt"),
    variants=[
        variant("OCT-S-WHT", {"Size": "S", "Color": "White"}, 29.99, 29.99, 100),
        variant("OCT-M-WHT", {"Size": "M", "Color": "White"}, 29.99, 29.99, 25),
        variant("OCT-L-BLK", {"Size": "L", "Color": "Black"}, 32.99, 32.99, 0),
    ],
    content={
        "en-US": copy(
            rich=doc(
                para(
                    bold("Everyday comfort, grown responsibly."),
                    " Our crew-neck tee is knitted from 100% GOTS-certified organic cotton,"
                    " grown without synthetic pesticides.",
                ),
                heading(2, "Why you'll love it"),
                bullets(
                    [
                        "Midweight single jersey that gets softer with every wash",
                        "Regular fit with a reinforced neckline",
                        "Dyed with low-impact, OEKO-TEX® certified dyes",
                    ]
                ),
                heading(2, "Fit"),
                para("True to size. Our model is 1.85 m tall and wears size ", bold("M"), "."),
            ),
            seo=(
                "Organic Cotton T-Shirt | Soft GOTS-Certified Tee",
                "Classic crew-neck T-shirt in 100% organic cotton. Soft, breathable and"
                " GOTS-certified. Sizes S–L in white and black.",
            ),
            care="Machine wash cold at 30 °C with similar colours. Do not tumble dry."
            " Iron on low heat.",
        ),
        "es-ES": copy(
            title="Camiseta de Algodón Orgánico",
            subtitle="Suave, transpirable y con certificación GOTS",
            description="Una camiseta clásica de cuello redondo, hecha con algodón 100 % orgánico.",
            rich=doc(
                para(
                    bold("Comodidad diaria, cultivada de forma responsable."),
                    " Nuestra camiseta de cuello redondo está tejida con algodón orgánico 100 %"
                    " con certificación GOTS, cultivado sin pesticidas sintéticos.",
                ),
                heading(2, "Por qué te encantará"),
                bullets(
                    [
                        "Punto jersey de gramaje medio, más suave con cada lavado",
                        "Corte regular con cuello reforzado",
                        "Teñida con tintes de bajo impacto con certificación OEKO-TEX®",
                    ]
                ),
                heading(2, "Talla"),
                para("Talla fiel. Nuestro modelo mide 1,85 m y lleva la talla ", bold("M"), "."),
            ),
            seo=(
                "Camiseta de Algodón Orgánico | Suave y con certificación GOTS",
                "Camiseta clásica de cuello redondo en algodón 100 % orgánico. Suave,"
                " transpirable y con certificación GOTS. Tallas S–L en blanco y negro.",
            ),
            care="Lavar a máquina en frío a 30 °C con colores similares. No usar secadora."
            " Planchar a baja temperatura.",
            labels={"Size": "Talla", "Color": "Color", "White": "Blanco", "Black": "Negro", **SML},
            material="100 % algodón orgánico",
        ),
        "de-DE": copy(
            title="Bio-Baumwoll-T-Shirt",
            subtitle="Weich, atmungsaktiv, GOTS-zertifiziert",
            description="Ein klassisches T-Shirt mit Rundhalsausschnitt aus 100 % Bio-Baumwolle.",
            rich=doc(
                para(
                    bold("Alltagskomfort, verantwortungsvoll angebaut."),
                    " Unser T-Shirt mit Rundhalsausschnitt wird aus 100 % GOTS-zertifizierter"
                    " Bio-Baumwolle gestrickt, die ohne synthetische Pestizide angebaut wird.",
                ),
                heading(2, "Darum wirst du es lieben"),
                bullets(
                    [
                        "Mittelschwerer Single Jersey, der mit jeder Wäsche weicher wird",
                        "Normale Passform mit verstärktem Halsausschnitt",
                        "Gefärbt mit schonenden, OEKO-TEX®-zertifizierten Farbstoffen",
                    ]
                ),
                heading(2, "Passform"),
                para(
                    "Fällt normal aus. Unser Model ist 1,85 m groß und trägt Größe ", bold("M"), "."
                ),
            ),
            seo=(
                "Bio-Baumwoll-T-Shirt | Weich & GOTS-zertifiziert",
                "Klassisches T-Shirt mit Rundhalsausschnitt aus 100 % Bio-Baumwolle. Weich,"
                " atmungsaktiv und GOTS-zertifiziert. Größen S–L in Weiß und Schwarz.",
            ),
            care="Maschinenwäsche kalt bei 30 °C mit ähnlichen Farben. Nicht im Trockner"
            " trocknen. Bei niedriger Temperatur bügeln.",
            labels={"Size": "Größe", "Color": "Farbe", "White": "Weiß", "Black": "Schwarz", **SML},
            material="100 % Bio-Baumwolle",
        ),
    },
)

STRAW_SUN_HAT = product(
    "straw-sun-hat",
    "Wide-Brim Straw Sun Hat",
    "Hand-woven raffia with a wide brim",
    "A packable wide-brim sun hat hand-woven from natural raffia, with a cotton sweatband.",
    material="natural raffia straw",
    weight=150,
    type="Hat",
    collection="summer-essentials",
    categories=["headwear"],
    tags=["summer", "handmade"],
    picture=picture("#f6e7c1", "#b07d3a", "hat"),
    variants=sizes("Size", "SSH", {"56 cm": 12, "58 cm": 30, "60 cm": 8}, 34.0, 38.0),
    content={
        "en-US": copy(
            rich=story(
                "Shade that travels with you.",
                "Hand-woven by artisans in Madagascar, this hat shades your face and neck,"
                " then rolls up into your bag.",
                "Details",
                [
                    "9 cm brim with UPF 50+ sun protection",
                    "Cotton sweatband for all-day comfort",
                    "Packable: it springs back into shape after rolling",
                ],
            ),
            seo=(
                "Wide-Brim Straw Sun Hat | Hand-Woven Raffia",
                "Packable wide-brim sun hat hand-woven from natural raffia. UPF 50+ protection"
                " and a cotton sweatband.",
            ),
            care="Spot clean with a damp cloth. Let dry flat away from direct heat.",
        ),
        "es-ES": copy(
            title="Sombrero de Paja de Ala Ancha",
            subtitle="Rafia tejida a mano con ala ancha",
            description="Un sombrero de ala ancha plegable, tejido a mano con rafia natural y con"
            " banda interior de algodón.",
            rich=story(
                "Sombra que viaja contigo.",
                "Tejido a mano por artesanos de Madagascar, protege del sol la cara y el cuello"
                " y se enrolla para guardarlo en el bolso.",
                "Detalles",
                [
                    "Ala de 9 cm con protección solar UPF 50+",
                    "Banda interior de algodón para todo el día",
                    "Plegable: recupera su forma después de enrollarlo",
                ],
            ),
            seo=(
                "Sombrero de Paja de Ala Ancha | Rafia tejida a mano",
                "Sombrero de ala ancha plegable, tejido a mano con rafia natural. Protección"
                " UPF 50+ y banda interior de algodón.",
            ),
            care="Limpiar las manchas con un paño húmedo. Dejar secar en plano, lejos de fuentes"
            " de calor.",
        ),
        "de-DE": copy(
            title="Strohhut mit breiter Krempe",
            subtitle="Handgeflochtener Bast mit breiter Krempe",
            description="Ein faltbarer Sonnenhut mit breiter Krempe, von Hand aus Naturbast"
            " geflochten, mit Schweißband aus Baumwolle.",
            rich=story(
                "Schatten für unterwegs.",
                "Von Kunsthandwerkern in Madagaskar geflochten, schützt er Gesicht und Nacken vor"
                " der Sonne und lässt sich zusammengerollt in jeder Tasche verstauen.",
                "Details",
                [
                    "9 cm breite Krempe mit UV-Schutz UPF 50+",
                    "Schweißband aus Baumwolle für den ganzen Tag",
                    "Faltbar: nimmt nach dem Rollen wieder seine Form an",
                ],
            ),
            seo=(
                "Strohhut mit breiter Krempe | Handgeflochtener Bast",
                "Faltbarer Sonnenhut aus Naturbast, von Hand geflochten. UV-Schutz UPF 50+ und"
                " Schweißband aus Baumwolle.",
            ),
            care="Flecken mit einem feuchten Tuch entfernen. Liegend und fern von Hitzequellen"
            " trocknen lassen.",
        ),
    },
)

CANVAS_ESPADRILLES = product(
    "canvas-espadrilles",
    "Canvas Espadrilles",
    "Hand-stitched jute soles, made in Spain",
    "Classic flat espadrilles with a cotton canvas upper and a hand-stitched jute sole.",
    material="cotton canvas, jute sole",
    weight=450,
    type="Shoe",
    collection="summer-essentials",
    categories=["footwear"],
    tags=["summer", "cotton", "handmade"],
    picture=picture("#dfeaf2", "#2c5d8a", "shoe"),
    variants=sizes(
        "Size", "ESP", {"38": 5, "39": 14, "40": 20, "41": 18, "42": 9, "43": 0}, 45.0, 52.0
    ),
    content={
        "en-US": copy(
            rich=story(
                "A Mediterranean summer classic.",
                "Made by a family workshop in La Rioja, our espadrilles pair a breathable canvas"
                " upper with a traditional braided jute sole.",
                "Details",
                [
                    "Hand-stitched jute sole with a rubber tread",
                    "Breathable cotton canvas upper",
                    "Cushioned insole that moulds to your foot",
                ],
            ),
            seo=(
                "Canvas Espadrilles | Handmade in Spain",
                "Flat canvas espadrilles with hand-stitched jute soles, made by a family"
                " workshop in La Rioja. Sizes 38–43.",
            ),
            care="Brush off dirt once dry. Do not machine wash; keep the jute sole dry.",
        ),
        "es-ES": copy(
            title="Alpargatas de Lona",
            subtitle="Suela de yute cosida a mano, hechas en España",
            description="Alpargatas planas clásicas con empeine de lona de algodón y suela de"
            " yute cosida a mano.",
            rich=story(
                "Un clásico del verano mediterráneo.",
                "Fabricadas por un taller familiar de La Rioja, nuestras alpargatas combinan un"
                " empeine de lona transpirable con la tradicional suela de yute trenzado.",
                "Detalles",
                [
                    "Suela de yute cosida a mano con piso de goma",
                    "Empeine transpirable de lona de algodón",
                    "Plantilla acolchada que se adapta a tu pie",
                ],
            ),
            seo=(
                "Alpargatas de Lona | Hechas a mano en España",
                "Alpargatas planas de lona con suela de yute cosida a mano, de un taller"
                " familiar de La Rioja. Tallas 38–43.",
            ),
            care="Cepillar la suciedad cuando estén secas. No lavar a máquina; mantener seca la"
            " suela de yute.",
        ),
        "de-DE": copy(
            title="Espadrilles aus Canvas",
            subtitle="Handgenähte Jutesohle, hergestellt in Spanien",
            description="Klassische flache Espadrilles mit Obermaterial aus Baumwoll-Canvas und"
            " handgenähter Jutesohle.",
            rich=story(
                "Ein mediterraner Sommerklassiker.",
                "Unsere Espadrilles entstehen in einer Familienwerkstatt in La Rioja und verbinden"
                " atmungsaktives Canvas mit der traditionellen geflochtenen Jutesohle.",
                "Details",
                [
                    "Handgenähte Jutesohle mit Gummilauffläche",
                    "Atmungsaktives Obermaterial aus Baumwoll-Canvas",
                    "Gepolsterte Innensohle, die sich dem Fuß anpasst",
                ],
            ),
            seo=(
                "Espadrilles aus Canvas | Handgemacht in Spanien",
                "Flache Canvas-Espadrilles mit handgenähter Jutesohle aus einer"
                " Familienwerkstatt in La Rioja. Größen 38–43.",
            ),
            care="Schmutz im trockenen Zustand abbürsten. Nicht in der Maschine waschen; die"
            " Jutesohle trocken halten.",
        ),
    },
)

STONEWARE_COFFEE_MUG = product(
    "stoneware-coffee-mug",
    "Stoneware Coffee Mug",
    "Hand-thrown, 350 ml",
    "A hand-thrown stoneware mug with a reactive glaze, holding 350 ml of coffee or tea.",
    material="glazed stoneware",
    weight=380,
    type="Mug",
    collection="home-living",
    categories=["drinkware"],
    tags=["ceramic", "handmade", "gift"],
    picture=picture("#efe4d8", "#8a5a44", "mug"),
    variants=[
        variant("SCM-SND", {"Color": "Sand"}, 18.0, 20.0, 60),
        variant("SCM-SLT", {"Color": "Slate"}, 18.0, 20.0, 42),
        variant("SCM-SAG", {"Color": "Sage"}, 18.0, 20.0, 15),
    ],
    content={
        "en-US": copy(
            rich=story(
                "Your morning ritual, upgraded.",
                "Each mug is thrown on the wheel in our partner studio in Portugal, so no two"
                " glazes are exactly alike.",
                "Details",
                ["Holds 350 ml", "Dishwasher and microwave safe", "Lead-free reactive glaze"],
            ),
            seo=(
                "Stoneware Coffee Mug | Hand-Thrown 350 ml",
                "Hand-thrown stoneware coffee mug with a reactive glaze. 350 ml, dishwasher and"
                " microwave safe.",
            ),
            care="Dishwasher and microwave safe. Avoid sudden changes of temperature.",
        ),
        "es-ES": copy(
            title="Taza de Café de Gres",
            subtitle="Torneada a mano, 350 ml",
            description="Una taza de gres torneada a mano con esmalte reactivo, con capacidad"
            " para 350 ml de café o té.",
            rich=story(
                "Tu ritual de la mañana, mejorado.",
                "Cada taza se tornea a mano en nuestro taller asociado de Portugal, así que no"
                " hay dos esmaltes exactamente iguales.",
                "Detalles",
                [
                    "Capacidad de 350 ml",
                    "Apta para lavavajillas y microondas",
                    "Esmalte reactivo sin plomo",
                ],
            ),
            seo=(
                "Taza de Café de Gres | Torneada a mano, 350 ml",
                "Taza de café de gres torneada a mano con esmalte reactivo. 350 ml, apta para"
                " lavavajillas y microondas.",
            ),
            care="Apta para lavavajillas y microondas. Evitar los cambios bruscos de temperatura.",
        ),
        "de-DE": copy(
            title="Kaffeebecher aus Steinzeug",
            subtitle="Handgedreht, 350 ml",
            description="Ein handgedrehter Becher aus Steinzeug mit Reaktionsglasur, der 350 ml"
            " Kaffee oder Tee fasst.",
            rich=story(
                "Dein Morgenritual, verfeinert.",
                "Jeder Becher wird in unserer Partnerwerkstatt in Portugal auf der Töpferscheibe"
                " gedreht, daher gleicht keine Glasur der anderen.",
                "Details",
                [
                    "Fassungsvermögen 350 ml",
                    "Spülmaschinen- und mikrowellengeeignet",
                    "Bleifreie Reaktionsglasur",
                ],
            ),
            seo=(
                "Kaffeebecher aus Steinzeug | Handgedreht, 350 ml",
                "Handgedrehter Kaffeebecher aus Steinzeug mit Reaktionsglasur. 350 ml,"
                " spülmaschinen- und mikrowellengeeignet.",
            ),
            care="Spülmaschinen- und mikrowellengeeignet. Starke Temperaturschwankungen vermeiden.",
        ),
    },
)

CERAMIC_PLANT_POT = product(
    "ceramic-plant-pot",
    "Ceramic Plant Pot",
    "Matte-glazed terracotta with drainage",
    "A matte-glazed terracotta planter with a drainage hole and a matching saucer.",
    material="terracotta with matte glaze",
    weight=900,
    type="Plant Pot",
    collection="home-living",
    categories=["decor"],
    tags=["ceramic", "gift"],
    picture=picture("#e3efe2", "#3f7d4e", "plant"),
    variants=[
        variant("CPP-S", {"Size": "Small"}, 19.0, 22.0, 25),
        variant("CPP-M", {"Size": "Medium"}, 29.0, 33.0, 18),
        variant("CPP-L", {"Size": "Large"}, 39.0, 45.0, 6),
    ],
    content={
        "en-US": copy(
            rich=story(
                "Give your plants a good home.",
                "Fired twice for strength, this planter keeps roots healthy with a drainage hole"
                " and a saucer that catches every drop.",
                "Sizes",
                [
                    "Small: 12 cm across, for herbs and succulents",
                    "Medium: 17 cm across, for pothos and ferns",
                    "Large: 24 cm across, for a monstera or a fiddle-leaf fig",
                ],
            ),
            seo=(
                "Ceramic Plant Pot | Glazed Terracotta with Saucer",
                "Matte-glazed terracotta plant pot with drainage hole and matching saucer. Three"
                " sizes, from herbs to large houseplants.",
            ),
            care="Wipe clean with a damp cloth. Empty the saucer after watering. Bring indoors"
            " before the first frost.",
        ),
        "es-ES": copy(
            title="Maceta de Cerámica",
            subtitle="Terracota esmaltada en mate con drenaje",
            description="Una maceta de terracota con esmalte mate, agujero de drenaje y plato a"
            " juego.",
            rich=story(
                "Dale a tus plantas un buen hogar.",
                "Cocida dos veces para que sea más resistente, esta maceta mantiene sanas las"
                " raíces gracias a su agujero de drenaje y a un plato que recoge cada gota.",
                "Tamaños",
                [
                    "Pequeña: 12 cm de diámetro, para hierbas aromáticas y suculentas",
                    "Mediana: 17 cm de diámetro, para potos y helechos",
                    "Grande: 24 cm de diámetro, para una costilla de Adán o un ficus lira",
                ],
            ),
            seo=(
                "Maceta de Cerámica | Terracota esmaltada con plato",
                "Maceta de terracota esmaltada en mate con agujero de drenaje y plato a juego."
                " Tres tamaños, de hierbas aromáticas a grandes plantas de interior.",
            ),
            care="Limpiar con un paño húmedo. Vaciar el plato después de regar. Guardar en el"
            " interior antes de las primeras heladas.",
        ),
        "de-DE": copy(
            title="Keramik-Blumentopf",
            subtitle="Matt glasierte Terrakotta mit Abzugsloch",
            description="Ein matt glasierter Pflanztopf aus Terrakotta mit Abzugsloch und"
            " passendem Untersetzer.",
            rich=story(
                "Ein gutes Zuhause für deine Pflanzen.",
                "Zweifach gebrannt für mehr Stabilität, hält dieser Topf die Wurzeln gesund: Das"
                " Abzugsloch lässt überschüssiges Wasser ab, der Untersetzer fängt jeden Tropfen"
                " auf.",
                "Größen",
                [
                    "Klein: 12 cm Durchmesser, für Kräuter und Sukkulenten",
                    "Mittel: 17 cm Durchmesser, für Efeututen und Farne",
                    "Groß: 24 cm Durchmesser, für eine Monstera oder eine Geigenfeige",
                ],
            ),
            seo=(
                "Keramik-Blumentopf | Glasierte Terrakotta mit Untersetzer",
                "Matt glasierter Blumentopf aus Terrakotta mit Abzugsloch und passendem"
                " Untersetzer. Drei Größen, von Kräutern bis zur großen Zimmerpflanze.",
            ),
            care="Mit einem feuchten Tuch abwischen. Den Untersetzer nach dem Gießen leeren. Vor"
            " dem ersten Frost ins Haus holen.",
        ),
    },
)

SOY_WAX_CANDLE = product(
    "soy-wax-candle",
    "Soy Wax Candle",
    "Hand-poured, 45-hour burn",
    "A hand-poured soy wax candle in a reusable glass jar, with a cotton wick and about 45"
    " hours of burn time.",
    material="soy wax, cotton wick, glass",
    weight=420,
    type="Candle",
    collection="home-living",
    categories=["decor"],
    tags=["handmade", "gift", "eco"],
    picture=picture("#f3e9f1", "#7b4f86", "candle"),
    variants=sizes("Scent", "SWC", {"Fig": 35, "Cedarwood": 20, "Lavender": 0}, 22.0, 24.0),
    content={
        "en-US": copy(
            rich=story(
                "Slow evenings, softly lit.",
                "We pour every candle by hand in small batches, using natural soy wax and"
                " phthalate-free fragrance oils.",
                "Details",
                [
                    "About 45 hours of clean burn time",
                    "Lead-free cotton wick",
                    "Reusable glass jar, 200 g of wax",
                ],
            ),
            seo=(
                "Soy Wax Candle | Hand-Poured, 45-Hour Burn",
                "Hand-poured soy wax candle in a reusable glass jar. Phthalate-free scents: fig,"
                " cedarwood and lavender.",
            ),
            care="Trim the wick to 5 mm before each use. Never leave a burning candle"
            " unattended. Burn for no more than 4 hours at a time.",
        ),
        "es-ES": copy(
            title="Vela de Cera de Soja",
            subtitle="Vertida a mano, 45 horas de duración",
            description="Una vela de cera de soja vertida a mano en un tarro de vidrio"
            " reutilizable, con mecha de algodón y unas 45 horas de combustión.",
            rich=story(
                "Tardes tranquilas con luz suave.",
                "Vertemos cada vela a mano en pequeños lotes, con cera de soja natural y aceites"
                " aromáticos sin ftalatos.",
                "Detalles",
                [
                    "Unas 45 horas de combustión limpia",
                    "Mecha de algodón sin plomo",
                    "Tarro de vidrio reutilizable, 200 g de cera",
                ],
            ),
            seo=(
                "Vela de Cera de Soja | Vertida a mano, 45 horas",
                "Vela de cera de soja vertida a mano en un tarro de vidrio reutilizable. Aromas"
                " sin ftalatos: higo, cedro y lavanda.",
            ),
            care="Recortar la mecha a 5 mm antes de cada uso. No dejar nunca una vela encendida"
            " sin vigilancia. No encenderla durante más de 4 horas seguidas.",
        ),
        "de-DE": copy(
            title="Sojawachskerze",
            subtitle="Handgegossen, 45 Stunden Brenndauer",
            description="Eine handgegossene Sojawachskerze im wiederverwendbaren Glas, mit"
            " Baumwolldocht und etwa 45 Stunden Brenndauer.",
            rich=story(
                "Ruhige Abende in sanftem Licht.",
                "Wir gießen jede Kerze in kleinen Chargen von Hand, aus natürlichem Sojawachs und"
                " phthalatfreien Duftölen.",
                "Details",
                [
                    "Etwa 45 Stunden saubere Brenndauer",
                    "Bleifreier Baumwolldocht",
                    "Wiederverwendbares Glas, 200 g Wachs",
                ],
            ),
            seo=(
                "Sojawachskerze | Handgegossen, 45 Stunden Brenndauer",
                "Handgegossene Sojawachskerze im wiederverwendbaren Glas. Phthalatfreie Düfte:"
                " Feige, Zedernholz und Lavendel.",
            ),
            care="Den Docht vor jedem Anzünden auf 5 mm kürzen. Brennende Kerzen nie"
            " unbeaufsichtigt lassen. Nicht länger als 4 Stunden am Stück brennen lassen.",
        ),
    },
)

LEATHER_CARD_WALLET = product(
    "leather-card-wallet",
    "Leather Card Wallet",
    "Slim, vegetable-tanned leather",
    "A slim card wallet in vegetable-tanned leather with four card slots and a centre pocket"
    " for notes.",
    material="vegetable-tanned leather",
    weight=60,
    type="Wallet",
    collection="accessories",
    categories=["leather-goods"],
    tags=["handmade", "gift"],
    picture=picture("#f1e3d3", "#9c5b2e", "wallet"),
    variants=[
        variant("LCW-TAN", {"Color": "Tan"}, 39.0, 45.0, 22),
        variant("LCW-BLK", {"Color": "Black"}, 39.0, 45.0, 31),
    ],
    content={
        "en-US": copy(
            rich=story(
                "Everything you need, nothing you don't.",
                "Cut and stitched in Ubrique, Spain, from leather that develops a rich patina"
                " over the years.",
                "Details",
                [
                    "Four card slots and a centre pocket",
                    "Only 6 mm thin when empty",
                    "Edges saddle-stitched by hand",
                ],
            ),
            seo=(
                "Leather Card Wallet | Slim Vegetable-Tanned Leather",
                "Slim card wallet in vegetable-tanned leather, handmade in Ubrique. Four card"
                " slots and a centre pocket.",
            ),
            care="Wipe with a dry cloth. Condition the leather twice a year. Keep away from"
            " direct heat.",
        ),
        "es-ES": copy(
            title="Tarjetero de Piel",
            subtitle="Fino, en piel de curtido vegetal",
            description="Un tarjetero fino de piel de curtido vegetal con cuatro ranuras para"
            " tarjetas y un bolsillo central para billetes.",
            rich=story(
                "Todo lo que necesitas, nada que te sobre.",
                "Cortado y cosido en Ubrique (Cádiz) con una piel que adquiere una bonita pátina"
                " con los años.",
                "Detalles",
                [
                    "Cuatro ranuras para tarjetas y un bolsillo central",
                    "Solo 6 mm de grosor cuando está vacío",
                    "Cantos cosidos a mano con punto de guarnicionero",
                ],
            ),
            seo=(
                "Tarjetero de Piel | Fino, de curtido vegetal",
                "Tarjetero fino de piel de curtido vegetal, hecho a mano en Ubrique. Cuatro"
                " ranuras para tarjetas y un bolsillo central.",
            ),
            care="Limpiar con un paño seco. Nutrir la piel dos veces al año. Mantener alejado del"
            " calor directo.",
        ),
        "de-DE": copy(
            title="Kartenetui aus Leder",
            subtitle="Schmal, aus pflanzlich gegerbtem Leder",
            description="Ein schmales Kartenetui aus pflanzlich gegerbtem Leder mit vier"
            " Kartenfächern und einem Mittelfach für Scheine.",
            rich=story(
                "Alles, was du brauchst, und nichts, was du nicht brauchst.",
                "Zugeschnitten und genäht im spanischen Ubrique, aus Leder, das mit den Jahren"
                " eine schöne Patina entwickelt.",
                "Details",
                [
                    "Vier Kartenfächer und ein Mittelfach",
                    "Leer nur 6 mm dünn",
                    "Von Hand im Sattlerstich genähte Kanten",
                ],
            ),
            seo=(
                "Kartenetui aus Leder | Schmal & pflanzlich gegerbt",
                "Schmales Kartenetui aus pflanzlich gegerbtem Leder, handgefertigt in Ubrique."
                " Vier Kartenfächer und ein Mittelfach.",
            ),
            care="Mit einem trockenen Tuch abwischen. Das Leder zweimal im Jahr pflegen. Von"
            " direkter Hitze fernhalten.",
        ),
    },
)

MERINO_WOOL_BEANIE = product(
    "merino-wool-beanie",
    "Merino Wool Beanie",
    "Fine-knit, itch-free merino",
    "A rib-knit beanie in soft, itch-free merino wool that keeps you warm without overheating.",
    material="100% merino wool",
    weight=90,
    type="Hat",
    collection="accessories",
    categories=["headwear"],
    tags=["wool", "gift"],
    picture=picture("#e6e9f0", "#3b4a6b", "beanie"),
    variants=[
        variant("MWB-GRY", {"Color": "Grey"}, 25.0, 29.0, 40),
        variant("MWB-NVY", {"Color": "Navy"}, 25.0, 29.0, 33),
        variant("MWB-MUS", {"Color": "Mustard"}, 25.0, 29.0, 12),
    ],
    content={
        "en-US": copy(
            rich=story(
                "Warm, soft and never itchy.",
                "Knitted in Italy from extra-fine 18.5-micron merino, it regulates your"
                " temperature on cold commutes and winter hikes.",
                "Details",
                [
                    "100% extra-fine merino wool",
                    "Double-layer cuff over the ears",
                    "One size, stretches to fit",
                ],
            ),
            seo=(
                "Merino Wool Beanie | Fine-Knit & Itch-Free",
                "Rib-knit beanie in extra-fine merino wool, knitted in Italy. Warm, breathable"
                " and itch-free.",
            ),
            care="Hand wash cold with a wool detergent. Reshape and dry flat.",
        ),
        "es-ES": copy(
            title="Gorro de Lana Merino",
            subtitle="Punto fino de merino que no pica",
            description="Un gorro de punto canalé en suave lana merino que no pica y abriga sin"
            " dar demasiado calor.",
            rich=story(
                "Cálido, suave y sin picores.",
                "Tejido en Italia con merino extrafino de 18,5 micras, regula la temperatura en"
                " los trayectos fríos y en las rutas de invierno.",
                "Detalles",
                [
                    "Lana merino extrafina 100 %",
                    "Vuelta doble que cubre las orejas",
                    "Talla única, elástico",
                ],
            ),
            seo=(
                "Gorro de Lana Merino | Punto fino que no pica",
                "Gorro de punto canalé en lana merino extrafina, tejido en Italia. Cálido,"
                " transpirable y sin picores.",
            ),
            care="Lavar a mano en frío con detergente para lana. Dar forma y secar en plano.",
        ),
        "de-DE": copy(
            title="Mütze aus Merinowolle",
            subtitle="Feinstrick aus kratzfreiem Merino",
            description="Eine Rippstrickmütze aus weicher, kratzfreier Merinowolle, die wärmt,"
            " ohne dass du ins Schwitzen kommst.",
            rich=story(
                "Warm, weich und kratzt nie.",
                "In Italien aus extrafeinem 18,5-Mikron-Merino gestrickt, reguliert sie die"
                " Temperatur auf kalten Arbeitswegen und bei Winterwanderungen.",
                "Details",
                [
                    "100 % extrafeine Merinowolle",
                    "Doppellagiger Umschlag über den Ohren",
                    "Einheitsgröße, dehnbar",
                ],
            ),
            seo=(
                "Mütze aus Merinowolle | Feinstrick & kratzfrei",
                "Rippstrickmütze aus extrafeiner Merinowolle, gestrickt in Italien. Warm,"
                " atmungsaktiv und kratzfrei.",
            ),
            care="Kalt von Hand mit Wollwaschmittel waschen. In Form ziehen und liegend trocknen.",
        ),
    },
)

INSULATED_STEEL_BOTTLE = product(
    "insulated-steel-bottle",
    "Insulated Steel Bottle",
    "Cold for 24 hours, hot for 12",
    "A double-walled stainless steel bottle that keeps drinks cold for 24 hours or hot for 12.",
    material="18/8 stainless steel, bamboo",
    weight=340,
    type="Bottle",
    collection="outdoor",
    categories=["drinkware", "outdoor-gear"],
    tags=["eco", "bestseller"],
    picture=picture("#dcefee", "#1f6f78", "bottle"),
    variants=[
        variant("ISB-500", {"Size": "500 ml"}, 29.0, 32.0, 80),
        variant("ISB-750", {"Size": "750 ml"}, 34.0, 38.0, 55),
    ],
    content={
        "en-US": copy(
            rich=story(
                "One bottle, every adventure.",
                "Vacuum insulation and a leak-proof bamboo cap make it as happy on the trail as"
                " on your desk.",
                "Details",
                [
                    "Keeps drinks cold for 24 h and hot for 12 h",
                    "Leak-proof cap with a bamboo top",
                    "Free from BPA and plastic liners",
                ],
            ),
            seo=(
                "Insulated Steel Bottle | Cold 24 h, Hot 12 h",
                "Double-walled stainless steel bottle with a leak-proof bamboo cap. Keeps drinks"
                " cold for 24 hours or hot for 12.",
            ),
            care="Hand wash with warm soapy water. Not dishwasher safe. Do not freeze.",
        ),
        "es-ES": copy(
            title="Botella Térmica de Acero",
            subtitle="Frío durante 24 horas, calor durante 12",
            description="Una botella de acero inoxidable de doble pared que mantiene las bebidas"
            " frías durante 24 horas o calientes durante 12.",
            rich=story(
                "Una botella para cada aventura.",
                "El aislamiento al vacío y el tapón antigoteo de bambú la hacen perfecta tanto en"
                " la montaña como en tu escritorio.",
                "Detalles",
                [
                    "Mantiene las bebidas frías 24 h y calientes 12 h",
                    "Tapón antigoteo con remate de bambú",
                    "Sin BPA ni revestimientos de plástico",
                ],
            ),
            seo=(
                "Botella Térmica de Acero | Frío 24 h, calor 12 h",
                "Botella de acero inoxidable de doble pared con tapón antigoteo de bambú."
                " Mantiene las bebidas frías 24 horas o calientes 12.",
            ),
            care="Lavar a mano con agua tibia y jabón. No apta para lavavajillas. No congelar.",
        ),
        "de-DE": copy(
            title="Isolierflasche aus Edelstahl",
            subtitle="24 Stunden kalt, 12 Stunden heiß",
            description="Eine doppelwandige Edelstahlflasche, die Getränke 24 Stunden kalt oder"
            " 12 Stunden heiß hält.",
            rich=story(
                "Eine Flasche für jedes Abenteuer.",
                "Dank Vakuumisolierung und auslaufsicherem Bambusdeckel ist sie auf dem Wanderweg"
                " genauso zu Hause wie auf dem Schreibtisch.",
                "Details",
                [
                    "Hält Getränke 24 h kalt und 12 h heiß",
                    "Auslaufsicherer Deckel mit Bambusauflage",
                    "Frei von BPA und Kunststoffbeschichtung",
                ],
            ),
            seo=(
                "Isolierflasche aus Edelstahl | 24 h kalt, 12 h heiß",
                "Doppelwandige Edelstahlflasche mit auslaufsicherem Bambusdeckel. Hält Getränke"
                " 24 Stunden kalt oder 12 Stunden heiß.",
            ),
            care="Von Hand mit warmem Seifenwasser spülen. Nicht spülmaschinengeeignet. Nicht"
            " einfrieren.",
        ),
    },
)

TRAIL_RUNNING_SHOES = product(
    "trail-running-shoes",
    "Trail Running Shoes",
    "Grippy, light and made from recycled mesh",
    "Lightweight trail running shoes with a recycled mesh upper, a waterproof membrane and a"
    " natural rubber outsole.",
    material="recycled polyester mesh, natural rubber",
    weight=620,
    type="Shoe",
    collection="outdoor",
    categories=["footwear", "outdoor-gear"],
    tags=["recycled", "waterproof", "bestseller"],
    picture=picture("#e4ecd9", "#c2502c", "shoe"),
    variants=sizes(
        "Size", "TRS", {"40": 4, "41": 10, "42": 16, "43": 12, "44": 7, "45": 3}, 119.0, 129.0
    ),
    content={
        "en-US": copy(
            rich=story(
                "Built for muddy mornings.",
                "A 5 mm lugged outsole grips wet rock and loose gravel, while the waterproof"
                " membrane keeps your feet dry.",
                "Details",
                [
                    "Upper made from recycled plastic bottles",
                    "Waterproof, breathable membrane",
                    "8 mm drop with responsive cushioning",
                ],
            ),
            seo=(
                "Trail Running Shoes | Waterproof & Recycled",
                "Lightweight, waterproof trail running shoes with a recycled mesh upper and a"
                " grippy natural rubber outsole. Sizes 40–45.",
            ),
            care="Rinse off mud with cold water and let dry at room temperature. Remove the"
            " insoles to dry. Do not machine wash.",
        ),
        "es-ES": copy(
            title="Zapatillas de Trail Running",
            subtitle="Agarre, ligereza y malla reciclada",
            description="Zapatillas de trail running ligeras con empeine de malla reciclada,"
            " membrana impermeable y suela de caucho natural.",
            rich=story(
                "Hechas para mañanas de barro.",
                "Los tacos de 5 mm de la suela se agarran a la roca mojada y a la grava suelta,"
                " mientras la membrana impermeable mantiene tus pies secos.",
                "Detalles",
                [
                    "Empeine fabricado con botellas de plástico recicladas",
                    "Membrana impermeable y transpirable",
                    "Drop de 8 mm con amortiguación reactiva",
                ],
            ),
            seo=(
                "Zapatillas de Trail Running | Impermeables y recicladas",
                "Zapatillas de trail running ligeras e impermeables, con empeine de malla"
                " reciclada y suela de caucho natural con gran agarre. Tallas 40–45.",
            ),
            care="Aclarar el barro con agua fría y dejar secar a temperatura ambiente. Sacar las"
            " plantillas para que se sequen. No lavar a máquina.",
        ),
        "de-DE": copy(
            title="Trailrunning-Schuhe",
            subtitle="Griffig, leicht und aus recyceltem Mesh",
            description="Leichte Trailrunning-Schuhe mit Obermaterial aus recyceltem Mesh,"
            " wasserdichter Membran und Laufsohle aus Naturkautschuk.",
            rich=story(
                "Gemacht für matschige Morgen.",
                "Die 5 mm tiefen Stollen greifen auf nassem Fels und losem Schotter, während die"
                " wasserdichte Membran deine Füße trocken hält.",
                "Details",
                [
                    "Obermaterial aus recycelten Plastikflaschen",
                    "Wasserdichte, atmungsaktive Membran",
                    "8 mm Sprengung mit reaktiver Dämpfung",
                ],
            ),
            seo=(
                "Trailrunning-Schuhe | Wasserdicht & recycelt",
                "Leichte, wasserdichte Trailrunning-Schuhe mit Obermaterial aus recyceltem Mesh"
                " und griffiger Sohle aus Naturkautschuk. Größen 40–45.",
            ),
            care="Schlamm mit kaltem Wasser abspülen und bei Raumtemperatur trocknen lassen. Zum"
            " Trocknen die Einlegesohlen herausnehmen. Nicht in der Maschine waschen.",
        ),
    },
)

OXFORD_BUTTON_DOWN_SHIRT = product(
    "oxford-button-down-shirt",
    "Oxford Button-Down Shirt",
    "Organic oxford cloth, relaxed fit",
    "A relaxed button-down shirt in breathable organic cotton oxford cloth, with a soft-roll"
    " collar.",
    material="organic cotton oxford cloth",
    weight=320,
    type="Shirt",
    collection="everyday-basics",
    categories=["shirts", "organic"],
    tags=["organic", "cotton"],
    picture=picture("#e1e8f5", "#5b7fb8", "shirt"),
    variants=sizes("Size", "OBD", {"S": 14, "M": 22, "L": 19, "XL": 6}, 59.0, 65.0),
    content={
        "en-US": copy(
            rich=story(
                "The shirt that goes with everything.",
                "Woven from organic cotton, our oxford softens with every wash and looks just as"
                " good with chinos as with jeans.",
                "Details",
                [
                    "Button-down collar with a soft roll",
                    "Relaxed fit with a curved hem",
                    "Mother-of-pearl buttons",
                ],
            ),
            seo=(
                "Oxford Button-Down Shirt | Organic Cotton",
                "Relaxed button-down shirt in organic cotton oxford cloth with a soft-roll collar"
                " and mother-of-pearl buttons.",
            ),
            care="Machine wash at 40 °C. Hang to dry and iron while slightly damp.",
        ),
        "es-ES": copy(
            title="Camisa Oxford con Cuello Abotonado",
            subtitle="Tejido oxford orgánico, corte holgado",
            description="Una camisa holgada con cuello abotonado en un transpirable tejido oxford"
            " de algodón orgánico.",
            rich=story(
                "La camisa que combina con todo.",
                "Tejida con algodón orgánico, nuestra oxford se suaviza con cada lavado y queda"
                " igual de bien con chinos que con vaqueros.",
                "Detalles",
                [
                    "Cuello abotonado de caída suave",
                    "Corte holgado con bajo redondeado",
                    "Botones de nácar",
                ],
            ),
            seo=(
                "Camisa Oxford con Cuello Abotonado | Algodón orgánico",
                "Camisa holgada de tejido oxford de algodón orgánico, con cuello abotonado de"
                " caída suave y botones de nácar.",
            ),
            care="Lavar a máquina a 40 °C. Secar colgada y planchar ligeramente húmeda.",
        ),
        "de-DE": copy(
            title="Oxford-Hemd mit Button-down-Kragen",
            subtitle="Oxford-Gewebe aus Bio-Baumwolle, lockere Passform",
            description="Ein locker geschnittenes Button-down-Hemd aus atmungsaktivem"
            " Oxford-Gewebe aus Bio-Baumwolle.",
            rich=story(
                "Das Hemd, das zu allem passt.",
                "Unser Oxford-Gewebe aus Bio-Baumwolle wird mit jeder Wäsche weicher und sieht"
                " zur Chino genauso gut aus wie zur Jeans.",
                "Details",
                [
                    "Button-down-Kragen mit weichem Fall",
                    "Lockere Passform mit abgerundetem Saum",
                    "Perlmuttknöpfe",
                ],
            ),
            seo=(
                "Oxford-Hemd mit Button-down-Kragen | Bio-Baumwolle",
                "Locker geschnittenes Button-down-Hemd aus Oxford-Gewebe aus Bio-Baumwolle, mit"
                " weich fallendem Kragen und Perlmuttknöpfen.",
            ),
            care="Maschinenwäsche bei 40 °C. Zum Trocknen aufhängen und leicht feucht bügeln.",
        ),
    },
)

RECYCLED_GLASS_CARAFE = product(
    "recycled-glass-carafe",
    "Recycled Glass Carafe",
    "Mouth-blown, 1 litre",
    "A mouth-blown carafe made from 100% recycled glass, with a tumbler that doubles as a lid.",
    material="100% recycled glass",
    weight=700,
    type="Carafe",
    collection="home-living",
    categories=["kitchen"],
    tags=["recycled", "eco", "gift"],
    picture=picture("#e0f0f4", "#3d8fa3", "bottle"),
    variants=single("RGC-1", 32.0, 36.0, 27),
    content={
        "en-US": copy(
            rich=story(
                "Water, beautifully served.",
                "Mouth-blown in Valencia from recycled glass, each carafe keeps the tiny bubbles"
                " and soft green tint of its past life.",
                "Details",
                ["Holds 1 litre", "Tumbler doubles as a dust lid", "Dishwasher safe"],
            ),
            seo=(
                "Recycled Glass Carafe | Mouth-Blown, 1 Litre",
                "Mouth-blown 1-litre carafe in 100% recycled glass with a matching tumbler lid."
                " Dishwasher safe.",
            ),
            care="Dishwasher safe. Do not pour boiling liquids into a cold carafe.",
        ),
        "es-ES": copy(
            title="Jarra de Vidrio Reciclado",
            subtitle="Soplada a boca, 1 litro",
            description="Una jarra soplada a boca, hecha con vidrio 100 % reciclado, con un vaso"
            " que sirve de tapa.",
            rich=story(
                "Agua, servida con estilo.",
                "Soplada a boca en Valencia con vidrio reciclado, cada jarra conserva las"
                " pequeñas burbujas y el suave tono verde de su vida anterior.",
                "Detalles",
                [
                    "Capacidad de 1 litro",
                    "El vaso sirve de tapa contra el polvo",
                    "Apta para lavavajillas",
                ],
            ),
            seo=(
                "Jarra de Vidrio Reciclado | Soplada a boca, 1 litro",
                "Jarra de 1 litro soplada a boca en vidrio 100 % reciclado, con vaso a juego que"
                " sirve de tapa. Apta para lavavajillas.",
            ),
            care="Apta para lavavajillas. No verter líquidos hirviendo en la jarra fría.",
        ),
        "de-DE": copy(
            title="Karaffe aus Recyclingglas",
            subtitle="Mundgeblasen, 1 Liter",
            description="Eine mundgeblasene Karaffe aus 100 % Recyclingglas, deren Becher"
            " zugleich als Deckel dient.",
            rich=story(
                "Wasser, schön serviert.",
                "In Valencia aus Recyclingglas mundgeblasen, trägt jede Karaffe die kleinen"
                " Bläschen und den zarten Grünton ihres früheren Lebens.",
                "Details",
                [
                    "Fassungsvermögen 1 Liter",
                    "Der Becher dient als Staubdeckel",
                    "Spülmaschinengeeignet",
                ],
            ),
            seo=(
                "Karaffe aus Recyclingglas | Mundgeblasen, 1 Liter",
                "Mundgeblasene 1-Liter-Karaffe aus 100 % Recyclingglas mit passendem Becher als"
                " Deckel. Spülmaschinengeeignet.",
            ),
            care="Spülmaschinengeeignet. Keine kochend heißen Flüssigkeiten in die kalte Karaffe"
            " gießen.",
        ),
    },
)


# --- Products: partly translated (es-ES title without es-ES description, for fallback) -----

LINEN_SUMMER_SHIRT = product(
    "linen-summer-shirt",
    "Linen Summer Shirt",
    "Lightweight linen",
    "Short-sleeved linen shirt.",
    material="linen",
    weight=180,
    type="Shirt",
    collection="summer-essentials",
    categories=["shirts"],
    tags=["summer", "linen"],
    picture=picture("#f2efe6", "#6b8f71", "shirt"),
    # Made to order, so stock is not tracked; "inventory" is ignored when not managed.
    variants=sizes("Size", "LSS", {"S": 0, "M": 0, "L": 0}, 49.0, 55.0, manage=False),
    content={
        "en-US": copy(
            rich=story(
                "Stay cool when it's hot.",
                "Breezy European linen in a relaxed, short-sleeved cut, made for long lunches"
                " and warm evenings.",
                "Details",
                [
                    "100% European flax linen",
                    "Relaxed fit with a camp collar",
                    "Coconut shell buttons",
                ],
            ),
            seo=(
                "Linen Summer Shirt | Lightweight Linen",
                "Short-sleeved summer shirt in lightweight European linen with a relaxed fit and"
                " a camp collar.",
            ),
            care="Machine wash at 30 °C. Line dry. Linen looks best slightly creased.",
        ),
        "es-ES": copy(title="Camisa de Lino de Verano"),
        "de-DE": copy(
            title="Sommerhemd aus Leinen",
            subtitle="Leichtes Leinen",
            description="Kurzärmeliges Leinenhemd.",
        ),
    },
)

BRASS_TABLE_LAMP = product(
    "brass-table-lamp",
    "Brass Table Lamp",
    "Brushed brass with a linen shade",
    "A brushed brass table lamp with a natural linen shade and a dimmable warm-white bulb"
    " included.",
    material="brushed brass, linen",
    weight=2100,
    type="Lamp",
    collection="home-living",
    categories=["lighting"],
    tags=["gift"],
    picture=picture("#f5efdc", "#b8892b", "lamp"),
    variants=single("BTL-1", 89.0, 99.0, 9),
    content={
        "en-US": copy(
            rich=story(
                "Warm light for quiet corners.",
                "A slender brushed brass stem and a natural linen shade give a soft, glare-free"
                " glow for reading or winding down.",
                "Details",
                [
                    "Dimmable E27 LED bulb included",
                    "Natural linen shade, 30 cm across",
                    "Braided cotton cable, 2 m",
                ],
            ),
            seo=(
                "Brass Table Lamp | Brushed Brass & Linen Shade",
                "Brushed brass table lamp with a natural linen shade and a dimmable warm-white"
                " LED bulb included.",
            ),
            care="Dust with a soft dry cloth. Switch off and unplug before changing the bulb.",
        ),
        "es-ES": copy(title="Lámpara de Mesa de Latón"),
    },
)

RECYCLED_CANVAS_BACKPACK = product(
    "recycled-canvas-backpack",
    "Recycled Canvas Backpack",
    "Water-resistant, 20 litres",
    "A 20-litre roll-top backpack made from recycled canvas, with a padded laptop sleeve.",
    material="recycled polyester canvas",
    weight=850,
    type="Bag",
    collection="accessories",
    categories=["bags"],
    tags=["recycled", "waterproof"],
    picture=picture("#e5e8d8", "#55613a", "backpack"),
    variants=[
        variant("RCB-OLV", {"Color": "Olive"}, 69.0, 79.0, 17),
        variant("RCB-BLK", {"Color": "Black"}, 69.0, 79.0, 0),
    ],
    content={
        "en-US": copy(
            rich=story(
                "Ready for the commute and the weekend.",
                "Made from 24 recycled plastic bottles, with a water-resistant coating and a"
                " roll-top that expands when you need more room.",
                "Details",
                [
                    "Padded sleeve for laptops up to 15 inches",
                    "Water-resistant roll-top closure",
                    "Padded, adjustable shoulder straps",
                ],
            ),
            seo=(
                "Recycled Canvas Backpack | Water-Resistant 20 L",
                "20-litre roll-top backpack in recycled canvas with a padded laptop sleeve and a"
                " water-resistant finish.",
            ),
            care="Spot clean with a damp cloth and mild soap. Do not machine wash.",
        ),
        "es-ES": copy(title="Mochila de Lona Reciclada", subtitle="Resistente al agua, 20 litros"),
        "de-DE": copy(
            title="Rucksack aus recyceltem Canvas",
            subtitle="Wasserabweisend, 20 Liter",
            description="Ein Rolltop-Rucksack mit 20 Litern aus recyceltem Canvas, mit"
            " gepolstertem Laptopfach.",
            rich=story(
                "Bereit für den Arbeitsweg und das Wochenende.",
                "Aus 24 recycelten Plastikflaschen gefertigt, mit wasserabweisender Beschichtung"
                " und einem Rolltop, der mitwächst, wenn du mehr Platz brauchst.",
                "Details",
                [
                    "Gepolstertes Fach für Laptops bis 15 Zoll",
                    "Wasserabweisender Rolltop-Verschluss",
                    "Gepolsterte, verstellbare Schultergurte",
                ],
            ),
            seo=(
                "Rucksack aus recyceltem Canvas | Wasserabweisend, 20 Liter",
                "Rolltop-Rucksack mit 20 Litern aus recyceltem Canvas, mit gepolstertem"
                " Laptopfach und wasserabweisender Beschichtung.",
            ),
            care="Flecken mit einem feuchten Tuch und milder Seife entfernen. Nicht in der"
            " Maschine waschen.",
        ),
    },
)

PACKABLE_RAIN_JACKET = product(
    "packable-rain-jacket",
    "Packable Rain Jacket",
    "Waterproof, packs into its own pocket",
    "A lightweight waterproof jacket in recycled nylon that packs into its own chest pocket.",
    material="recycled nylon, PFC-free coating",
    weight=280,
    type="Jacket",
    collection="outdoor",
    categories=["outerwear", "outdoor-gear"],
    tags=["waterproof", "recycled"],
    picture=picture("#fdf0c8", "#d9a21b", "shirt"),
    variants=sizes("Size", "PRJ", {"S": 6, "M": 11, "L": 9, "XL": 2}, 95.0, 109.0),
    content={
        "en-US": copy(
            rich=story(
                "Sudden showers, sorted.",
                "Weighing just 280 g, this jacket lives in your bag until the clouds roll in,"
                " then keeps you dry with fully taped seams.",
                "Details",
                [
                    "10,000 mm waterproof rating with taped seams",
                    "PFC-free water-repellent finish",
                    "Packs into its own chest pocket",
                ],
            ),
            seo=(
                "Packable Rain Jacket | Waterproof Recycled Nylon",
                "Lightweight waterproof rain jacket in recycled nylon with taped seams. Packs"
                " into its own chest pocket.",
            ),
            care="Machine wash cold on a gentle cycle. Do not use fabric softener. Tumble dry low"
            " to refresh the water repellency.",
        ),
        "es-ES": copy(title="Chaqueta Impermeable Plegable"),
    },
)


# --- Products: English only (not translated yet) -------------------------------------------

CANVAS_TOTE_BAG = product(
    "canvas-tote-bag",
    "Canvas Tote Bag",
    "Heavyweight cotton canvas",
    "Sturdy tote.",
    material="cotton canvas",
    weight=300,
    type="Bag",
    collection="accessories",
    categories=["bags"],
    tags=["cotton"],
    picture=picture("#efe9dc", "#4d6a8a", "bag"),
    variants=single("CTB-1", 15.5, 17.0, 40),
    content={
        "en-US": copy(
            rich=story(
                "Carries the whole market run.",
                "Cut from 12 oz cotton canvas with long handles that sit comfortably on your"
                " shoulder.",
                "Details",
                ["Holds up to 15 kg", "Inside pocket for keys", "38 × 42 cm"],
            ),
            seo=(
                "Canvas Tote Bag | Heavyweight Cotton",
                "Sturdy tote bag in heavyweight cotton canvas with long handles and an inside"
                " pocket.",
            ),
        )
    },
)

ORGANIC_COTTON_TANK_TOP = product(
    "organic-cotton-tank-top",
    "Organic Cotton Tank Top",
    "Lightweight rib, sold out until June",
    "A fitted tank top in lightweight organic cotton rib, cut for hot days.",
    material="100% organic cotton",
    weight=140,
    type="Tank Top",
    collection="summer-essentials",
    categories=["t-shirts", "organic"],
    tags=["organic", "cotton", "summer"],
    picture=picture("#fbe3dc", "#d0675a", "tshirt"),
    variants=sizes("Size", "OTT", {"S": 0, "M": 0, "L": 0}, 24.0, 27.0),
    content={
        "en-US": copy(
            rich=doc(
                para(bold("Back in June."), " Our most-loved summer layer sold out fast."),
                heading(2, "Details"),
                bullets(["Fine 1x1 rib", "Fitted cut", "GOTS-certified organic cotton"]),
            ),
            care="Machine wash at 30 °C. Dry flat to keep the shape.",
        )
    },
)

WOOL_THROW_BLANKET = product(
    "wool-throw-blanket",
    "Wool Throw Blanket",
    "Recycled wool, 130 × 170 cm",
    "A generous throw woven from recycled wool, soft enough for the sofa and warm enough for"
    " winter nights.",
    material="recycled wool",
    weight=1300,
    type="Blanket",
    collection="home-living",
    categories=["decor"],
    tags=["wool", "recycled", "gift"],
    picture=picture("#ede6dd", "#6e6259", "generic"),
    variants=[
        variant("WTB-OAT", {"Color": "Oat"}, 79.0, 89.0, 0),
        variant("WTB-CHR", {"Color": "Charcoal"}, 79.0, 89.0, 0),
    ],
    content={
        "en-US": copy(
            seo=(
                "Wool Throw Blanket | Recycled Wool",
                "Soft throw blanket woven from recycled wool, 130 × 170 cm, in oat and charcoal.",
            ),
            care="Dry clean or hand wash cold. Dry flat.",
        )
    },
)

COTTON_BASEBALL_CAP = product(
    "cotton-baseball-cap",
    "Cotton Baseball Cap",
    "Washed cotton twill",
    "A six-panel cap in washed cotton twill with an adjustable brass buckle.",
    material="washed cotton twill",
    weight=95,
    type="Hat",
    collection="accessories",
    categories=["headwear"],
    tags=["cotton", "summer"],
    picture=picture("#e9e4f5", "#4b3f8f", "cap"),
    variants=[
        variant("CBC-NVY", {"Color": "Navy"}, 22.0, 25.0, 18),
        variant("CBC-STN", {"Color": "Stone"}, 22.0, 25.0, 26),
        variant("CBC-FOR", {"Color": "Forest"}, 22.0, 25.0, 11),
    ],
    content={"en-US": copy()},
)

ENAMEL_CAMPING_MUG = product(
    "enamel-camping-mug",
    "Enamel Camping Mug",
    "Chip-resistant, 350 ml",
    "A classic enamel mug for the campfire, light enough to clip onto your pack.",
    material="enamelled steel",
    weight=180,
    type="Mug",
    collection="outdoor",
    categories=["drinkware", "outdoor-gear"],
    tags=["gift"],
    picture=picture("#f4e1e1", "#a33b3b", "mug"),
    variants=single("ECM-1", 14.0, 16.0, 0),
    content={
        "en-US": copy(
            rich=story(
                "Coffee tastes better outside.",
                "Enamelled steel that goes from the stove to the trail.",
                "Details",
                ["Holds 350 ml", "Safe on a camping stove", "Rolled stainless steel rim"],
            )
        )
    },
)


# --- Products: not in Contentful yet (no content) ------------------------------------------

UNRELEASED_HOODIE = product(
    "unreleased-hoodie",
    "Unreleased Hoodie",
    "Coming this autumn",
    "A heavyweight organic cotton hoodie, still in sampling.",
    status="draft",
    material="organic cotton fleece",
    weight=550,
    type="Hoodie",
    collection="everyday-basics",
    categories=["sweatshirts", "organic"],
    tags=["organic", "cotton"],
    picture=picture("#e2e2e2", "#444a57", "shirt"),
    variants=sizes("Size", "UHD", {"S": 10, "M": 10, "L": 10, "XL": 10}, 69.0, 75.0),
)

LINEN_NAPKIN_SET = product(
    "linen-napkin-set",
    "Linen Napkin Set",
    "Set of four, stonewashed",
    "Four stonewashed linen napkins, 45 × 45 cm, that soften with every wash.",
    material="stonewashed linen",
    weight=240,
    type="Napkins",
    collection="home-living",
    categories=["kitchen"],
    tags=["linen", "gift"],
    picture=picture("#eef3ea", "#7d9a6f", "generic"),
    variants=[
        variant("LNS-NAT", {"Color": "Natural"}, 28.0, 32.0, 30),
        variant("LNS-SAG", {"Color": "Sage"}, 28.0, 32.0, 14),
    ],
)

SOLAR_CAMPING_LANTERN = product(
    "solar-camping-lantern",
    "Solar Camping Lantern",
    "Charges in the sun, folds flat",
    "A collapsible solar lantern with 12 hours of warm light and a USB-C backup charge.",
    status="draft",
    material="recycled ABS, silicone",
    weight=260,
    type="Lamp",
    collection="outdoor",
    categories=["lighting", "outdoor-gear"],
    tags=["eco"],
    picture=picture("#1f2a3a", "#f2c14e", "lamp"),
    variants=single("SCL-1", 39.0, 45.0, 50),
)

BAMBOO_SUNGLASSES = product(
    "bamboo-sunglasses",
    "Bamboo Sunglasses",
    "Polarised lenses, bamboo frame",
    "Light bamboo-framed sunglasses with polarised UV400 lenses and a cork case.",
    material="bamboo, polycarbonate lenses",
    weight=30,
    type="Sunglasses",
    collection="accessories",
    categories=["eyewear"],
    tags=["eco", "summer"],
    picture=picture("#fff4d6", "#8b6a3e", "sunglasses"),
    variants=[
        variant("BSG-GRY", {"Lens": "Grey"}, 45.0, 49.0, 21),
        variant("BSG-BRN", {"Lens": "Brown"}, 45.0, 49.0, 13),
    ],
)


PRODUCTS = [
    ORGANIC_COTTON_TSHIRT,
    LINEN_SUMMER_SHIRT,
    CANVAS_TOTE_BAG,
    UNRELEASED_HOODIE,
    STRAW_SUN_HAT,
    CANVAS_ESPADRILLES,
    ORGANIC_COTTON_TANK_TOP,
    STONEWARE_COFFEE_MUG,
    CERAMIC_PLANT_POT,
    SOY_WAX_CANDLE,
    RECYCLED_GLASS_CARAFE,
    BRASS_TABLE_LAMP,
    WOOL_THROW_BLANKET,
    LINEN_NAPKIN_SET,
    LEATHER_CARD_WALLET,
    MERINO_WOOL_BEANIE,
    RECYCLED_CANVAS_BACKPACK,
    COTTON_BASEBALL_CAP,
    BAMBOO_SUNGLASSES,
    INSULATED_STEEL_BOTTLE,
    TRAIL_RUNNING_SHOES,
    PACKABLE_RAIN_JACKET,
    ENAMEL_CAMPING_MUG,
    SOLAR_CAMPING_LANTERN,
    OXFORD_BUTTON_DOWN_SHIRT,
]

CATALOG: dict[str, Any] = {
    "locales": LOCALES,
    "regions": REGIONS,
    "shipping_options": SHIPPING_OPTIONS,
    "collections": COLLECTIONS,
    "categories": CATEGORIES,
    "tags": TAGS,
    "types": TYPES,
    "products": PRODUCTS,
}
