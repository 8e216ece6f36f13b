from django import forms
from django.utils.translation import gettext_lazy as _


class YouthRegistrationForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    municipality = forms.CharField(
        label=_("Municipality responsible (CBS code)"),
        required=False,
        max_length=4,
        help_text=_("Four digits, e.g. 0080 for Leeuwarden: decides the youth's own region."),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Only when needed. Links this youth to records from other imports."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class YouthSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or pseudonymous id"), required=False, max_length=100)
