"""What the Store and Admin APIs show of each entity, by default and on request (see fields.py).

Member order is the order Medusa prints keys in; the Store lists leave out ``metadata``,
``status`` and ``categories`` unless asked, and never show ``sales_channels``.
"""

from __future__ import annotations

from sandbox.medusa.fields import Registry

_PRODUCT_SCALARS = (
    "id title subtitle description handle is_giftcard discountable thumbnail collection_id type_id"
    " weight length height width hs_code origin_country mid_code material created_at updated_at"
)
_VARIANT_SCALARS = (
    "id title sku barcode ean upc allow_backorder manage_inventory hs_code origin_country mid_code"
    " material weight length height width metadata variant_rank thumbnail product_id created_at"
    " updated_at deleted_at"
)
_STAMPS = "created_at updated_at deleted_at"

_SHARED = {
    "type": f"id value external_id metadata {_STAMPS}",
    "collection": f"id title handle external_id metadata {_STAMPS}",
    "tag": f"id value external_id metadata {_STAMPS}",
    "image": f"id url metadata rank product_id {_STAMPS}",
    "option": f"id title is_exclusive metadata {_STAMPS} values:option_value",
    "option_bare": f"id title is_exclusive metadata {_STAMPS}",
    "option_value": f"id value rank metadata option_id {_STAMPS}",
    "variant_option": f"id value rank metadata option_id option:option_bare {_STAMPS}",
    "category": (
        "id name description handle mpath is_active is_internal rank external_id metadata"
        f" parent_category_id parent_category:category_ref {_STAMPS}"
    ),
    "category_ref": "id",
    "category_nested": (
        "id name description handle mpath is_active is_internal rank external_id metadata"
        f" parent_category_id {_STAMPS}"
    ),
    "country": f"iso_2 iso_3 num_code name display_name region_id metadata {_STAMPS}",
    "region": f"id name currency_code {_STAMPS} metadata automatic_taxes? countries:country",
}

STORE = Registry(
    {
        **_SHARED,
        "product": (
            f"{_PRODUCT_SCALARS} metadata? status? external_id? deleted_at? variants:variant"
            " type:type collection:collection options:option tags:tag images:image"
            " categories:category?"
        ),
        "variant": (
            f"{_VARIANT_SCALARS} options:variant_option calculated_price? prices:price?"
            " inventory_quantity? images:image?"
        ),
        "price": (
            "id title currency_code rules_count price_set_id price_list_id price_list raw_amount"
            f" raw_min_quantity raw_max_quantity {_STAMPS} amount min_quantity max_quantity"
        ),
        "collection_list": "id title handle external_id metadata? created_at updated_at"
        " deleted_at?",
        # As a real 2.21 lists them: no mpath, flags or deleted_at unless asked (checked live).
        "category_list": (
            "id name description handle mpath? is_active? is_internal? rank external_id"
            " parent_category_id created_at updated_at deleted_at? metadata"
            " parent_category:category_nested category_children:category_nested"
        ),
    }
)

ADMIN = Registry(
    {
        **_SHARED,
        "product": (
            "id title subtitle status external_id description handle is_giftcard discountable"
            " thumbnail collection_id type_id weight length height width hs_code origin_country"
            f" mid_code material {_STAMPS} metadata type:type collection:collection"
            " options:option tags:tag images:image variants:variant categories:category?"
            " sales_channels:sales_channel"
        ),
        "variant": (
            f"{_VARIANT_SCALARS} images:image options:variant_option prices:price"
            " inventory_items:variant_inventory? product:product_ref?"
        ),
        "product_ref": "id title handle status thumbnail",
        "price": "id amount currency_code min_quantity max_quantity variant_id created_at"
        " updated_at rules",
        "variant_inventory": "variant_id inventory_item_id inventory:inventory_ref?",
        "inventory_ref": "id location_levels:level?",
        "inventory": (
            "id sku title description thumbnail origin_country hs_code requires_shipping mid_code"
            " material weight length height width metadata unit_of_measure reserved_quantity"
            " stocked_quantity created_at updated_at deleted_at? location_levels:level"
            " variants:inventory_variant?"
        ),
        "inventory_variant": f"{_VARIANT_SCALARS} product:variant_product",
        "variant_product": "id",
        "level": (
            "id location_id metadata inventory_item_id raw_stocked_quantity raw_reserved_quantity"
            " raw_incoming_quantity created_at updated_at deleted_at available_quantity"
            " stocked_quantity reserved_quantity incoming_quantity"
        ),
        "sales_channel": f"id name description is_disabled metadata {_STAMPS}",
        # The plain admin lists below are as a real 2.21 prints them (no deleted_at by default).
        "collection_list": "id title handle external_id created_at updated_at deleted_at? metadata",
        "value_list": "id value external_id created_at updated_at deleted_at? metadata",
        "region": (f"id name currency_code {_STAMPS} automatic_taxes metadata countries:country"),
        "category_list": (
            "id name description handle mpath is_active is_internal rank external_id metadata"
            f" parent_category_id parent_category:category_nested? {_STAMPS}"
            " category_children:category_nested?"
        ),
        "stock_location": (
            "id name address_id? metadata created_at updated_at deleted_at?"
            " address:location_address"
        ),
        "location_address": (
            "id address_1 address_2 company? city country_code phone province postal_code metadata"
        ),
        "api_key": "id token redacted title type last_used_at created_by revoked_by revoked_at"
        f" {_STAMPS}",
    }
)
