"""Honours (评先评优): the office's pages, the branch's, the public ones."""

from django.urls import path

from tongxin.council.honours.views import actions, awards, deeds, public

app_name = "honours"

urlpatterns = [
    path("honours/", awards.award_list, name="awards"),
    path("honours/new/", awards.award_new, name="award_new"),
    path("honours/<int:pk>/", awards.award_detail, name="award"),
    path("honours/<int:pk>/nominate/", awards.nominate, name="nominate"),
    path("honours/<int:pk>/publish/", actions.publish, name="publish"),
    path("honours/<int:pk>/confer/", actions.confer, name="confer"),
    path("honours/nominations/<int:pk>/review/", actions.review, name="review"),
    path("honours/objections/<int:pk>/answer/", actions.answer, name="answer"),
    path("honours/branch/", awards.branch, name="branch"),
    path("honours/of/<str:kind>/<int:pk>/", actions.nominee, name="nominee"),
    path("honours/deeds/", deeds.deed_list, name="deeds"),
    path("honours/deeds/new/", deeds.deed_new, name="deed_new"),
    path("honours/deeds/<int:pk>/", deeds.deed_detail, name="deed"),
    path("honours/deeds/<int:pk>/consent/", deeds.deed_consent_view, name="deed_consent"),
    path("honours/deeds/<int:pk>/delete/", deeds.deed_delete_view, name="deed_delete"),
    path("public/deeds/<int:pk>/<str:size>.jpg", deeds.deed_photo, name="deed_photo"),
    path("public/honours/<int:community_pk>/", public.honours_page, name="public"),
    path("public/honours/<int:community_pk>/awards/<int:award_pk>/", public.public_nominate, name="public_nominate"),
    path(
        "public/honours/<int:community_pk>/nominations/<int:nomination_pk>/object/",
        public.public_object,
        name="public_object",
    ),
]
